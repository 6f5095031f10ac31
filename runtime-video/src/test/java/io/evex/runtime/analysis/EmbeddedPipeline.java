package io.evex.runtime.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventEnvelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs analysis stages in memory, without a source or FFmpeg, and keeps what they emit and pass
 * on, as Netty's {@code EmbeddedChannel} does for handlers:
 * <pre>{@code
 * EmbeddedPipeline p = new EmbeddedPipeline("cam").addLast("motion", new MotionStage(settings));
 * p.feed(frame1, frame2);
 * assertEquals(1, p.events("event-motion").size());
 * }</pre>
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private final List<ObjectNode> events = new ArrayList<>();
    private final List<AnalysisFrame> passed = new ArrayList<>();
    private final AnalysisPipeline pipeline;

    public EmbeddedPipeline(String channel) {
        this.pipeline = new AnalysisPipeline(channel, new EventEnvelope(), events::add);
    }

    /** Appends a stage (the harness keeps one more stage at the end to record what passes). */
    public EmbeddedPipeline addLast(String name, FrameStage stage) {
        pipeline.addLast(name, stage);
        return this;
    }

    /** Runs frames through the stages, in order. */
    public EmbeddedPipeline feed(AnalysisFrame... frames) {
        if (!pipeline.names().contains(RECORDER)) {
            pipeline.addLast(RECORDER, (context, frame) -> passed.add(frame));
        }
        for (AnalysisFrame f : frames) {
            pipeline.process(f);
        }
        return this;
    }

    /** Every event emitted so far, in order. */
    public List<ObjectNode> events() {
        return List.copyOf(events);
    }

    /** The events of one type emitted so far. */
    public List<ObjectNode> events(String type) {
        return events.stream().filter(e -> type.equals(e.path("$id").asText())).toList();
    }

    /** The frames that came out of the last stage. */
    public List<AnalysisFrame> passed() {
        return List.copyOf(passed);
    }

    /** The boxes the stages want drawn now. */
    public float[] overlay() {
        return pipeline.overlay();
    }

    public AnalysisPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
    }

    private static final String RECORDER = "embedded-recorder";
}
