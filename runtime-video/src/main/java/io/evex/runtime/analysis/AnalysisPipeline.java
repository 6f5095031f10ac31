package io.evex.runtime.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A channel's analysis: named {@link FrameStage}s in order, each handing frames to the next, as
 * Netty's {@code ChannelPipeline} hands messages from handler to handler:
 * <pre>
 *  decoded frame ──► "rate" ──► "motion" ──► "detect" ──► "track" ──► "rules" ──► "crops"
 *                      │            │
 *                      │            ├── emit(event-motion) ──► preprocess filter ──► bus
 *                      │            └── overlay(boxes) ──► annotated outputs
 *                      └── drops frames beyond its rate: later stages never see them
 * </pre>
 * What a stage finds rides on to the next ones as {@link FrameMeta} ({@link StageContext#meta}).
 * Built before the channel starts ({@link #addLast}) and run on the channel's thread only.
 */
public final class AnalysisPipeline implements AutoCloseable {

    private final String channel;
    private final EventEnvelope envelope;
    private final EventSink sink;
    private final List<Entry> entries = new ArrayList<>();
    private final FrameMeta meta = new FrameMeta();
    private float[] overlay = new float[0];
    private String[] labels = new String[0];
    private boolean overlayChanged;
    private java.util.function.Consumer<io.evex.api.media.FrameObjects> objects = o -> {};

    /**
     * @param channel the channel analysed, for messages
     * @param envelope starts every event the stages emit
     * @param sink where emitted events go
     */
    public AnalysisPipeline(String channel, EventEnvelope envelope, EventSink sink) {
        this.channel = channel;
        this.envelope = envelope;
        this.sink = sink;
    }

    /** Where the tracked objects of each analysed frame go (the channel's media outputs). */
    public void onObjects(java.util.function.Consumer<io.evex.api.media.FrameObjects> listener) {
        this.objects = listener;
    }

    /** Appends a stage. */
    public AnalysisPipeline addLast(String name, FrameStage stage) {
        if (names().contains(name)) {
            throw new IllegalArgumentException(
                    "channel '" + channel + "' already has an analysis stage named '" + name + "'");
        }
        entries.add(new Entry(name, stage, entries.size()));
        return this;
    }

    /** The stages' names, in order. */
    public List<String> names() {
        return entries.stream().map(e -> e.name).toList();
    }

    /** Whether there is no stage (the channel then need not analyse, or even decode, for analysis). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Runs a frame through the stages. */
    public void process(AnalysisFrame frame) {
        if (!entries.isEmpty()) {
            meta.clear();
            entries.get(0).handle(frame);
        }
    }

    /** The boxes to draw now: every stage's latest overlay, together. */
    public float[] overlay() {
        combine();
        return overlay;
    }

    /** The boxes' labels, one per box of {@link #overlay()} (null where a stage gave none). */
    public String[] labels() {
        combine();
        return labels;
    }

    private void combine() {
        if (!overlayChanged) {
            return;
        }
        int n = 0;
        for (Entry e : entries) {
            n += e.overlay.length;
        }
        float[] all = new float[n];
        String[] names = new String[n / 4];
        int at = 0;
        for (Entry e : entries) {
            System.arraycopy(e.overlay, 0, all, at, e.overlay.length);
            System.arraycopy(e.labels, 0, names, at / 4, Math.min(e.labels.length, e.overlay.length / 4));
            at += e.overlay.length;
        }
        overlay = all;
        labels = names;
        overlayChanged = false;
    }

    /** Per stage: frames it got, events it emitted, and its mean time per frame (ms, its own work only). */
    public Map<String, StageStats> stats() {
        Map<String, StageStats> all = new LinkedHashMap<>();
        for (Entry e : entries) {
            all.put(
                    e.name,
                    new StageStats(
                            e.frames,
                            e.events,
                            e.frames == 0 ? 0 : (e.nanos - e.downstreamNanos) / 1e6 / e.frames,
                            e.stage.counters()));
        }
        return all;
    }

    /** Events emitted by the stage named {@code name} so far (0 when there is none). */
    public long events(String name) {
        return entries.stream()
                .filter(e -> e.name.equals(name))
                .mapToLong(e -> e.events)
                .sum();
    }

    /** Lets every stage report what the end of the stream ends (open tracks), then releases the stages. */
    @Override
    public void close() {
        meta.clear(); // the stages' ends pass what they end on to the stages after them
        for (Entry e : entries) {
            try {
                e.stage.finish(e);
            } catch (RuntimeException ex) {
                LoggerFactory.getLogger(AnalysisPipeline.class)
                        .warn("channel '{}': stage '{}' could not finish: {}", channel, e.name, ex.toString());
            }
        }
        for (Entry e : entries) {
            e.stage.close();
        }
    }

    /** A stage's counters, and those of its own (a detector's). */
    public record StageStats(long frames, long events, double meanMs, Map<String, Number> counters) {}

    /** A stage in place, and the context it is given. */
    private final class Entry implements StageContext {
        final String name;
        final FrameStage stage;
        final int index;
        float[] overlay = new float[0];
        String[] labels = new String[0];
        long frames;
        long events;
        long nanos;
        long downstreamNanos;

        Entry(String name, FrameStage stage, int index) {
            this.name = name;
            this.stage = stage;
            this.index = index;
        }

        void handle(AnalysisFrame frame) {
            frames++;
            long t0 = System.nanoTime();
            stage.frame(this, frame);
            nanos += System.nanoTime() - t0;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public FrameMeta meta() {
            return meta;
        }

        @Override
        public void next(AnalysisFrame frame) {
            if (index + 1 < entries.size()) {
                long t0 = System.nanoTime();
                entries.get(index + 1).handle(frame);
                downstreamNanos += System.nanoTime() - t0;
            }
        }

        @Override
        public ObjectNode event(String type, int version, AnalysisFrame frame) {
            return envelope.start(
                    type, version, frame.channel(), frame.frameId(), frame.ptsMicros() / 1e6, frame.epochMillis());
        }

        @Override
        public void emit(ObjectNode event) {
            events++;
            sink.accept(event);
        }

        @Override
        public void objects(io.evex.api.media.FrameObjects found) {
            objects.accept(found);
        }

        @Override
        public void overlay(float[] boxes) {
            overlay(boxes, new String[boxes.length / 4]);
        }

        @Override
        public void overlay(float[] boxes, String[] boxLabels) {
            if (!Arrays.equals(overlay, boxes) || !Arrays.equals(labels, boxLabels)) {
                overlay = boxes.clone();
                labels = boxLabels.clone();
                overlayChanged = true;
            }
        }
    }
}
