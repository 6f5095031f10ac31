package io.evex.runtime.bus.delivery;

import java.util.Map;

/**
 * A snapshot of one exporter's counters.
 *
 * @param name instance name
 * @param kind the exporter kind (factory or descriptor name)
 * @param state where the worker is in its life
 * @param negotiated version per event type
 * @param delivered events the exporter accepted
 * @param dropped events dropped by the overflow policy or left over at shutdown
 * @param failed events whose delivery failed for good
 * @param retries retried delivery attempts
 * @param queued events waiting now
 * @param capacity queue size
 * @param details the exporter's own counters and status (e.g. pid, restarts of a process exporter)
 */
public record ExporterStats(
        String name,
        String kind,
        WorkerState state,
        Map<String, Integer> negotiated,
        long delivered,
        long dropped,
        long failed,
        long retries,
        int queued,
        int capacity,
        Map<String, Object> details) {}
