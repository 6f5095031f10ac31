package io.evex.api.history;

/**
 * One time bucket of {@link StatsQuery}: how many events fell in it and, for occupancy events,
 * the highest count any of them reported (null when none is an occupancy event).
 */
public record Bucket(long startMillis, long count, Long occupancyMax) {}
