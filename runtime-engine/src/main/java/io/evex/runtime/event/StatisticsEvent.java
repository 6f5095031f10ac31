package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds {@code statistics} v1 ({@code schemas/statistics/v1.schema.json}). */
public final class StatisticsEvent {

    public static final String TYPE = "statistics";
    public static final int VERSION = 2;

    private StatisticsEvent() {}

    /**
     * Adds the fields of a {@code statistics} event to {@code event}.
     *
     * @param framesProcessed frames decoded since the channel started
     * @param frameRate frames per second over the last period
     * @param latencyMs mean time spent on a frame over the last period
     * @param droppedFrames frames or packets outputs dropped because they fell behind
     * @param queueSizes depth of each queue of the channel
     */
    public static ObjectNode fill(
            ObjectNode event,
            long framesProcessed,
            double frameRate,
            double latencyMs,
            long droppedFrames,
            Map<String, Integer> queueSizes,
            Map<String, Map<String, Number>> stages) {
        event.put("frames_processed", framesProcessed);
        event.put("frame_rate", Numbers.cents(frameRate));
        event.put("latency_ms", Numbers.cents(latencyMs));
        event.put("dropped_frames", droppedFrames);
        ObjectNode queues = event.putObject("queue_sizes");
        queueSizes.forEach(queues::put);
        ObjectNode all = event.putObject("stages");
        stages.forEach((name, counters) -> {
            ObjectNode stage = all.putObject(name);
            counters.forEach((k, v) -> {
                if (v instanceof Double || v instanceof Float) {
                    stage.put(k, v.doubleValue());
                } else {
                    stage.put(k, v.longValue());
                }
            });
        });
        return event;
    }
}
