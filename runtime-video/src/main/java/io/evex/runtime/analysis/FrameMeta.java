package io.evex.runtime.analysis;

import java.util.Arrays;

/**
 * What the analysis stages found in the frame going through them, by {@link MetaKey}: a stage reads
 * what earlier stages wrote (the tracker reads the detector's objects, the rules read the tracks)
 * and writes its own, as GStreamer's analytics metadata rides on each buffer. One instance per
 * pipeline, cleared as each frame enters: no allocation per frame.
 */
public final class FrameMeta {

    private Object[] values = new Object[8];

    /** What a stage wrote under {@code key} for this frame, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(MetaKey<T> key) {
        return key.index < values.length ? (T) values[key.index] : null;
    }

    /** Writes {@code value} under {@code key} for this frame (later stages see it). */
    public <T> void put(MetaKey<T> key, T value) {
        if (key.index >= values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, key.index + 1));
        }
        values[key.index] = value;
    }

    /** Forgets everything (a new frame enters the pipeline). */
    public void clear() {
        Arrays.fill(values, null);
    }
}
