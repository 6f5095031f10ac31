package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.ObjectSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's use of a shared detector ({@link DetectorPool}). The channel's thread scales the frame
 * (in FFmpeg) as the model wants and holds the frame (a reference) so the result can still show it.
 * A real-time channel never waits: a frame offered while its previous one is still being detected
 * is skipped and counted, so a slow model lowers the detection rate instead of delaying the video,
 * and results are picked up at the next frame. A channel read faster than real time ({@code waits})
 * waits for each result instead, so every frame its rate selects is analysed, in order, and two
 * runs over one file find the same objects in the same frames.
 */
public final class DetectorWorker implements ObjectSource {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorWorker.class);

    private final DetectorPool pool;
    private final DetectorSettings settings;
    private final String channel;
    private final boolean waits;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<Found> ready = new AtomicReference<>();
    private final LongAdder detections = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile String lastFailure = "";
    private volatile boolean closed;

    /**
     * @param waits wait for each detection (a source read faster than real time) rather than skip
     *     frames while one runs
     */
    public DetectorWorker(DetectorPool pool, DetectorSettings settings, String channel, boolean waits) {
        this.pool = pool;
        this.settings = settings;
        this.channel = channel;
        this.waits = waits;
    }

    @Override
    public Found next(AnalysisFrame frame) {
        if (waits) {
            return detectNow(frame);
        }
        if (busy.compareAndSet(false, true)) {
            AnalysisFrame held = frame.hold();
            long t0 = System.nanoTime();
            pool.submit(scaled(frame), settings).whenComplete((found, error) -> {
                if (error == null && !closed) {
                    done(t0);
                    dropped(ready.getAndSet(new Found(held, found)));
                    if (closed) {
                        dropped(ready.getAndSet(null)); // closed meanwhile: nobody picks it up
                    }
                } else if (error == null) {
                    held.release();
                } else {
                    held.release();
                    failed(error);
                }
                busy.set(false);
            });
        } else {
            skipped.increment();
        }
        return ready.getAndSet(null);
    }

    /** Detects in this frame and waits for the objects, on the pool's worker. */
    private Found detectNow(AnalysisFrame frame) {
        long t0 = System.nanoTime();
        CompletableFuture<List<Detection>> result = pool.submit(scaled(frame), settings);
        try {
            List<Detection> found = result.get();
            done(t0);
            return new Found(frame.hold(), found);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            failed(e.getCause());
            return null;
        }
    }

    private BgrImage scaled(AnalysisFrame frame) {
        int[] s = pool.model().input().scaled(frame.width(), frame.height());
        return frame.bgr(s[0], s[1]);
    }

    private void done(long t0) {
        nanos.add(System.nanoTime() - t0);
        detections.increment();
    }

    private void failed(Throwable e) {
        failed.increment();
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastFailure)) {
            lastFailure = message;
            LOG.warn("channel '{}': detection failed: {}", channel, message);
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
        c.put("failed", failed.sum());
        c.put("detect_ms", n == 0 ? 0 : Math.round(nanos.sum() / 1e4 / n) / 100.0);
        return c;
    }

    @Override
    public void close() {
        closed = true; // a run still in flight releases its own frame
        dropped(ready.getAndSet(null));
        SharedDetectors.release(pool, channel);
    }
}
