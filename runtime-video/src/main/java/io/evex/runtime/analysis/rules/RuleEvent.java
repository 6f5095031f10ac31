package io.evex.runtime.analysis.rules;

/**
 * An event a rule raises: its type ({@code event-area-enter}, {@code event-line-crossing}, ...),
 * the zone or line by name, the object concerned (null for zone-wide events such as occupancy),
 * and a detail: the crossing direction, the seconds spent, or the count.
 */
public record RuleEvent(String type, String rule, TrackPoint object, String direction, double seconds, int count) {

    static RuleEvent of(String type, String rule, TrackPoint object) {
        return new RuleEvent(type, rule, object, null, 0, 0);
    }
}
