package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.ObjectSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a detector on its own thread, one frame at a time: a frame offered while the previous one is
 * still being detected is skipped and counted, never queued, so a slow model lowers the detection
 * rate instead of delaying the channel. The channel's thread scales the frame (in FFmpeg) before
 * handing it over, and holds the frame (a reference) so that the result can still show it; results
 * are picked up by the channel's thread at its next frame.
 */
public final class DetectorWorker implements ObjectSource {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorWorker.class);

    private final YoloxDetector detector;
    private final int size;
    private final ExecutorService thread;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<Found> ready = new AtomicReference<>();
    private final LongAdder detections = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile String lastFailure = "";

    public DetectorWorker(YoloxDetector detector, String channel, int inputSize) {
        this.detector = detector;
        this.size = inputSize;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "evex-detect-" + channel);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Found next(AnalysisFrame frame) {
        if (busy.compareAndSet(false, true)) {
            double ratio = Math.min((double) size / frame.width(), (double) size / frame.height());
            BgrImage image = frame.bgr(Math.max(1, (int) Math.round(frame.width() * ratio)), Math.max(1, (int)
                    Math.round(frame.height() * ratio)));
            AnalysisFrame held = frame.hold();
            try {
                thread.execute(() -> detect(held, image));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                held.release();
                busy.set(false);
            }
        } else {
            skipped.increment();
        }
        return ready.getAndSet(null);
    }

    /** Detects objects in {@code image}, a scaled copy of {@code frame}, which is held until the result is used. */
    private void detect(AnalysisFrame frame, BgrImage image) {
        long t0 = System.nanoTime();
        try {
            List<Detection> found = detector.detect(image);
            nanos.add(System.nanoTime() - t0);
            detections.increment();
            dropped(ready.getAndSet(new Found(frame, found)));
        } catch (DetectorException | RuntimeException e) {
            frame.release();
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastFailure)) {
                lastFailure = message;
                LOG.warn("channel '{}': detection failed: {}", frame.channel(), message);
            }
        } finally {
            busy.set(false);
        }
    }

    /** A result never picked up (the channel had no frame in between) lets its frame go. */
    private static void dropped(Found unused) {
        if (unused != null) {
            unused.frame().release();
        }
    }

    @Override
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        long n = detections.sum();
        c.put("detections", n);
        c.put("skipped_frames", skipped.sum());
        c.put("detect_ms", n == 0 ? 0 : Math.round(nanos.sum() / 1e4 / n) / 100.0);
        return c;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped(ready.getAndSet(null));
        detector.close();
    }
}
