package io.evex.runtime.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.event.StatisticsEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A channel's {@code statistics} event every {@code statistics_ms}: frames, frame rate and
 * latency over the period, queue sizes, dropped frames and each analysis stage's counters. Called
 * on the channel's thread only.
 */
final class ChannelStatistics {

    private final long intervalMs;
    private long periodFrames;
    private long periodLatencyNanos;
    private long periodStartNanos = System.nanoTime();

    ChannelStatistics(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** One frame went through, taking {@code latencyNanos} from decoded to handed on. */
    void frame(long latencyNanos) {
        periodFrames++;
        periodLatencyNanos += latencyNanos;
    }

    /** Whether a period has ended (the event is then due). */
    boolean due() {
        return intervalMs > 0 && System.nanoTime() - periodStartNanos >= TimeUnit.MILLISECONDS.toNanos(intervalMs);
    }

    /** Fills {@code event} (an envelope of type {@code statistics}) for the period that ended, and starts the next. */
    ObjectNode fill(
            ObjectNode event,
            long framesDecoded,
            long dropped,
            Map<String, Integer> queues,
            AnalysisPipeline analysis) {
        long now = System.nanoTime();
        long elapsed = now - periodStartNanos;
        StatisticsEvent.fill(
                event,
                framesDecoded,
                periodFrames * 1e9 / elapsed,
                periodFrames == 0 ? 0 : periodLatencyNanos / 1e6 / periodFrames,
                dropped,
                queues,
                stageCounters(analysis));
        periodFrames = 0;
        periodLatencyNanos = 0;
        periodStartNanos = now;
        return event;
    }

    /** Per analysis stage: frames, events, mean ms per frame, and its own counters (a detector's). */
    private static Map<String, Map<String, Number>> stageCounters(AnalysisPipeline analysis) {
        Map<String, Map<String, Number>> stages = new LinkedHashMap<>();
        analysis.stats().forEach((name, st) -> {
            Map<String, Number> c = new LinkedHashMap<>();
            c.put("frames", st.frames());
            c.put("events", st.events());
            c.put("mean_ms", Math.round(st.meanMs() * 100) / 100.0);
            c.putAll(st.counters());
            stages.put(name, c);
        });
        return stages;
    }
}
