package io.evex.runtime.media;

import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encode of one channel, on its own thread, shared by every outlet that asked for the same
 * thing. Frames wait in a short queue; when the encoder cannot keep up the newest frames are
 * dropped and counted rather than slowing the channel.
 */
abstract class Rendition implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rendition.class);
    private static final Object END = new Object();

    protected final StreamInfo source;
    private final String label;
    private final ArrayBlockingQueue<Object> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean failed;

    Rendition(StreamInfo source, String label, int capacity) {
        this.source = source;
        this.label = label;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.thread = new Thread(this::run, "evex-encode-" + source.channel() + "-" + label);
        this.thread.setDaemon(true);
    }

    Rendition start() {
        thread.start();
        return this;
    }

    String label() {
        return label;
    }

    /** Whether this rendition takes this frame (its rate filter); called on the channel thread. */
    boolean wants(VideoFrame frame) {
        return true;
    }

    /** Whether it encodes nothing now (an on-demand one nobody watches). */
    boolean idle() {
        return false;
    }

    /** Hands a frame over (retained until encoded), or drops it when the queue is full. */
    void offer(VideoFrame frame) {
        if (failed || !wants(frame)) {
            return;
        }
        frame.retain();
        if (!source.live()) {
            // A file read as fast as it decodes: wait for the encoder rather than drop.
            try {
                while (!queue.offer(frame, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (!thread.isAlive()) {
                        frame.release();
                        return;
                    }
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                frame.release();
                return;
            }
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(frame)) {
            frame.release();
            dropped.increment();
        }
    }

    int depth() {
        return queue.size();
    }

    long dropped() {
        return dropped.sum();
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == END) {
                    break;
                }
                VideoFrame frame = (VideoFrame) next;
                try {
                    if (!failed) {
                        encode(frame);
                    }
                } catch (Exception e) {
                    failed = true;
                    LOG.error(
                            "channel '{}': the {} encode failed and stops until the channel reopens: {}",
                            source.channel(),
                            label,
                            e.getMessage());
                } finally {
                    frame.release();
                }
            }
            finish();
        } catch (Exception e) {
            LOG.error("channel '{}': ending the {} encode failed: {}", source.channel(), label, e.getMessage());
        } finally {
            Object left;
            while ((left = queue.poll()) != null) {
                if (left instanceof VideoFrame f) {
                    f.release();
                }
            }
            release();
        }
    }

    /** Encodes one frame and hands the result to the outlets. On this rendition's thread. */
    protected abstract void encode(VideoFrame frame) throws Exception;

    /** Drains the encoder and closes the outlets' streams. On this rendition's thread. */
    protected abstract void finish() throws Exception;

    /** Frees native resources. On this rendition's thread, last. */
    protected abstract void release();

    /** Encodes what is queued, then ends (waits at most 10 s). */
    @Override
    public void close() {
        try {
            queue.put(END);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Even output size: {@code 0} keeps the source's, one given side scales the other to keep the aspect ratio. */
    static int[] size(int requestedWidth, int requestedHeight, int sourceWidth, int sourceHeight) {
        int w = requestedWidth;
        int h = requestedHeight;
        if (w == 0 && h == 0) {
            w = sourceWidth;
            h = sourceHeight;
        } else if (w == 0) {
            w = (int) Math.round((double) sourceWidth * h / sourceHeight);
        } else if (h == 0) {
            h = (int) Math.round((double) sourceHeight * w / sourceWidth);
        }
        return new int[] {Math.max(2, w & ~1), Math.max(2, h & ~1)};
    }
}
