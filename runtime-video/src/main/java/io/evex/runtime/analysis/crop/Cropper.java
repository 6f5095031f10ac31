package io.evex.runtime.analysis.crop;

import io.evex.runtime.analysis.AnalysisFrame;
import java.util.List;
import java.util.Map;

/**
 * Cuts objects out of frames and encodes them, off the channel's thread, on a bounded worker: jobs
 * offered while it is full are skipped and counted, never queued without end. Finished pictures
 * are collected by the channel's thread with {@link #done()}.
 */
public interface Cropper extends AutoCloseable {

    /** No pictures: every job is refused. */
    Cropper NONE = new Cropper() {
        @Override
        public boolean cut(AnalysisFrame frame, List<CropJob> jobs) {
            return false;
        }

        @Override
        public List<Cut> done() {
            return List.of();
        }

        @Override
        public void drain(long timeoutMillis) {}
    };

    /**
     * Asks for the jobs' pictures from {@code frame}: while the call lasts, the frame's pixels are
     * there; the cropper keeps a reference (not a copy) of what it needs. False when the worker is
     * full: the jobs are skipped (and counted).
     */
    boolean cut(AnalysisFrame frame, List<CropJob> jobs);

    /** The pictures finished since the last call, in the order they were asked for. */
    List<Cut> done();

    /** Waits up to {@code timeoutMillis} for the jobs asked for so far (the stream has ended). */
    void drain(long timeoutMillis);

    /** Counters for {@code statistics}: pictures, skipped jobs, time per picture. */
    default Map<String, Number> counters() {
        return Map.of();
    }

    @Override
    default void close() {}
}
