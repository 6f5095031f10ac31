package io.evex.runtime.api;

import io.evex.runtime.bus.delivery.ExporterStats;
import java.util.List;
import java.util.Map;

/**
 * One exporter as {@code GET /api/v1/exporters}, {@code /api/status} and the status file show it:
 * its worker's state (a process exporter's child state when it has one), the versions it
 * negotiated and its counters.
 */
record ExporterView(
        String name,
        String kind,
        String state,
        Map<String, Integer> negotiated,
        long delivered,
        long dropped,
        long failed,
        long retries,
        long queued,
        long capacity,
        Map<String, Object> details) {

    static ExporterView of(ExporterStats s) {
        String state = String.valueOf(s.details().getOrDefault("process", s.state()));
        return new ExporterView(
                s.name(),
                s.kind(),
                state.toLowerCase(),
                s.negotiated(),
                s.delivered(),
                s.dropped(),
                s.failed(),
                s.retries(),
                s.queued(),
                s.capacity(),
                s.details());
    }

    /** The same without its details (for a viewer: no targets, paths or keys). */
    ExporterView withoutDetails() {
        return new ExporterView(
                name, kind, state, negotiated, delivered, dropped, failed, retries, queued, capacity, Map.of());
    }

    static List<ExporterView> all(List<ExporterStats> stats) {
        return stats.stream().map(ExporterView::of).toList();
    }
}
