package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_FRAME_CROP_UNALIGNED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_apply_cropping;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.crop.Cropper;
import io.evex.runtime.analysis.crop.Cut;
import io.evex.runtime.analysis.crop.DominantColour;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import io.evex.runtime.video.VideoPixels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's {@link Cropper}: cuts objects out of decoded frames with FFmpeg (the crop is a
 * reference into the shared frame, not a copy), encodes each as a JPEG of the box's own size (scaled
 * down past {@code max_side}) and names its dominant colour from a small BGR copy. The frame comes
 * held from the analysis (the very frame the objects were found in) or, when it could not be held,
 * from the channel's {@link FrameCache}. One worker thread per channel; at most {@value #BATCHES}
 * frames wait for it, and jobs past that are skipped and counted.
 */
public final class CropEncoder implements Cropper {

    private static final Logger LOG = LoggerFactory.getLogger(CropEncoder.class);
    private static final int BATCHES = 4;

    /** Longer side of the picture the colour is read from. */
    private static final int COLOUR_SIDE = 48;

    /** One frame's jobs; {@code frame} retained for the worker, or null to fetch it from the cache. */
    private record Batch(FrameStamp stamp, VideoFrame frame, List<CropJob> jobs) {}

    private final String channel;
    private final FrameCache cache;
    private final CropSettings settings;
    private final ArrayBlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private final ConcurrentLinkedQueue<Cut> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder pictures = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final Thread worker;
    private final boolean fromMainStream;
    private volatile boolean closed;
    private String lastFailure = "";

    public CropEncoder(String channel, FrameCache cache, CropSettings settings) {
        this(channel, cache, settings, false);
    }

    /**
     * @param fromMainStream the channel analyses a sub-stream: pictures are cut from the main
     *     stream's frame of the same moment (decoded within 250 ms) where there is one, at its full size
     */
    public CropEncoder(String channel, FrameCache cache, CropSettings settings, boolean fromMainStream) {
        this.channel = channel;
        this.cache = cache;
        this.settings = settings;
        this.fromMainStream = fromMainStream;
        this.worker = new Thread(this::work, "evex-crops-" + channel);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public boolean cut(AnalysisFrame frame, List<CropJob> jobs) {
        if (closed) {
            return false;
        }
        VideoFrame pixels = fromMainStream ? cache.decodedNear(frame.epochMillis(), 250) : null;
        if (pixels == null) {
            pixels = frame instanceof VideoPixels p ? p.video().retain() : null;
        }
        pending.incrementAndGet();
        if (!queue.offer(new Batch(FrameStamp.of(frame), pixels, List.copyOf(jobs)))) {
            finished();
            if (pixels != null) {
                pixels.release();
            }
            skipped.add(jobs.size());
            return false;
        }
        return true;
    }

    @Override
    public List<Cut> done() {
        List<Cut> cuts = new ArrayList<>();
        for (Cut c = done.poll(); c != null; c = done.poll()) {
            cuts.add(c);
        }
        return cuts;
    }

    @Override
    public void drain(long timeoutMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (pending) {
            long left;
            while (pending.get() > 0 && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        long n = pictures.sum();
        c.put("crops", n);
        c.put("crops_skipped", skipped.sum());
        c.put("crops_missed", missed.sum());
        c.put("crop_ms", n == 0 ? 0 : Math.round(nanos.sum() / 1e4 / n) / 100.0);
        return c;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Batch b = queue.poll(); b != null; b = queue.poll()) {
            if (b.frame() != null) {
                b.frame().release();
            }
        }
    }

    private void finished() {
        synchronized (pending) {
            pending.decrementAndGet();
            pending.notifyAll();
        }
    }

    private void work() {
        try (StillEncoder yuv = new StillEncoder("jpg", settings.quality());
                FrameConverter bgr = new FrameConverter(AV_PIX_FMT_BGR24)) {
            while (!closed) {
                Batch batch;
                try {
                    batch = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    cutAll(batch, yuv, bgr);
                } finally {
                    finished();
                }
            }
        }
    }

    private void cutAll(Batch batch, StillEncoder yuv, FrameConverter bgr) {
        FrameStamp stamp = batch.stamp();
        VideoFrame frame = batch.frame() != null ? batch.frame() : cache.frame(stamp.ptsMicros(), stamp.epochMillis());
        if (frame == null) {
            missed.add(batch.jobs().size());
            batch.jobs().forEach(j -> done.add(new Cut(j, stamp, null, 0, 0, null)));
            return;
        }
        try {
            for (CropJob job : batch.jobs()) {
                long t0 = System.nanoTime();
                Cut cut;
                try {
                    cut = cut(frame, stamp, job, yuv, bgr);
                    pictures.increment();
                    nanos.add(System.nanoTime() - t0);
                } catch (VideoException | RuntimeException e) {
                    failed(e);
                    cut = new Cut(job, stamp, null, 0, 0, null);
                }
                done.add(cut);
            }
        } finally {
            frame.release();
        }
    }

    private Cut cut(VideoFrame frame, FrameStamp stamp, CropJob job, StillEncoder yuv, FrameConverter bgr)
            throws VideoException {
        int width = frame.width();
        int height = frame.height();
        // Even offsets: chroma planes of 4:2:0 pictures start on whole samples.
        int x0 = clamp((int) Math.floor(job.l() * width), width) & ~1;
        int y0 = clamp((int) Math.floor(job.t() * height), height) & ~1;
        int x1 = clamp((int) Math.ceil((job.l() + job.w()) * width), width);
        int y1 = clamp((int) Math.ceil((job.t() + job.h()) * height), height);
        if (x1 - x0 < 2 || y1 - y0 < 2) {
            throw new IllegalArgumentException("the box is less than 2 pixels wide or high");
        }
        AVFrame region = av_frame_clone(frame.frame());
        try {
            region.crop_left(x0).crop_top(y0).crop_right(width - x1).crop_bottom(height - y1);
            int rc = av_frame_apply_cropping(region, AV_FRAME_CROP_UNALIGNED);
            if (rc < 0) {
                throw new VideoException("cannot cut the box out of the frame: " + rc);
            }
            int[] size = fit(region.width(), region.height(), settings.maxSide());
            byte[] jpeg = yuv.encode(region, size[0], size[1]);
            int[] small = fit(region.width(), region.height(), COLOUR_SIDE);
            AVFrame colour = bgr.convert(region, small[0], small[1]);
            byte[] pixels = FramePayload.packed(colour, small[0], small[1]);
            return new Cut(job, stamp, jpeg, size[0], size[1], DominantColour.of(pixels, small[0], small[1]));
        } finally {
            av_frame_free(region);
        }
    }

    /** {@code width x height} scaled down so that its longer side is at most {@code max} (0 = as is). */
    static int[] fit(int width, int height, int max) {
        int longer = Math.max(width, height);
        if (max <= 0 || longer <= max) {
            return new int[] {width, height};
        }
        double s = (double) max / longer;
        return new int[] {Math.max(2, (int) Math.round(width * s)), Math.max(2, (int) Math.round(height * s))};
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private void failed(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastFailure)) {
            lastFailure = message;
            LOG.warn("channel '{}': an object's picture could not be made: {}", channel, message);
        }
    }
}
