package io.evex.runtime.cli;

import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterStats;
import java.io.PrintWriter;
import java.util.Map;

/** Prints progress lines and the closing summary of a run or replay. */
final class StatsPrinter {

    private StatsPrinter() {}

    static String progress(EventBus bus) {
        return progress(bus, Map.of());
    }

    /** @param media per media exporter its packet or image counters ({@code media_written}, ...) */
    static String progress(EventBus bus, Map<String, Map<String, Long>> media) {
        StringBuilder sb = new StringBuilder("published ").append(bus.published());
        for (ExporterStats s : bus.stats()) {
            Map<String, Long> m = media.get(s.name());
            if (m != null && s.negotiated().isEmpty()) {
                sb.append(" | ")
                        .append(s.name())
                        .append(": ")
                        .append(m.get("media_written"))
                        .append(" media written");
                if (m.get("media_dropped") > 0) {
                    sb.append(", ").append(m.get("media_dropped")).append(" dropped");
                }
                if (m.get("media_failed") > 0) {
                    sb.append(", ").append(m.get("media_failed")).append(" failed");
                }
                continue;
            }
            sb.append(" | ").append(s.name()).append(": ").append(s.delivered()).append(" delivered");
            if (s.dropped() > 0) {
                sb.append(", ").append(s.dropped()).append(" dropped");
            }
            if (s.failed() > 0) {
                sb.append(", ").append(s.failed()).append(" failed");
            }
            if (s.queued() > 0) {
                sb.append(", queue ").append(s.queued()).append('/').append(s.capacity());
            }
        }
        return sb.toString();
    }

    static void summary(PrintWriter out, EventBus bus) {
        out.printf(
                "%-20s %-14s %10s %10s %10s %10s  %s%n",
                "EXPORTER", "KIND", "DELIVERED", "DROPPED", "FAILED", "RETRIES", "DETAILS");
        for (ExporterStats s : bus.stats()) {
            out.printf(
                    "%-20s %-14s %10d %10d %10d %10d  %s%n",
                    s.name(),
                    s.kind(),
                    s.delivered(),
                    s.dropped(),
                    s.failed(),
                    s.retries(),
                    s.details().isEmpty() ? "" : s.details());
        }
        out.flush();
    }
}
