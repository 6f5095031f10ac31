package io.evex.runtime.video;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent decoded frames of one channel, newest last, bounded by count, age and bytes
 * (whichever is reached first). Frames are shared, not copied: the cache holds a reference and
 * gives callers their own. The base for snapshots, past images and clips.
 */
public final class FrameCache implements AutoCloseable {

    private final VideoFrame[] ring;
    private final long maxAgeMicros;
    private final long maxBytes;
    private int head;
    private int size;
    private long bytes;
    private long evicted;

    /**
     * @param maxFrames at most this many frames (0 disables the cache)
     * @param maxSeconds frames older than this (relative to the newest) are dropped; 0 = no limit
     * @param maxBytes at most this much pixel data
     */
    public FrameCache(int maxFrames, double maxSeconds, long maxBytes) {
        this.ring = new VideoFrame[Math.max(0, maxFrames)];
        this.maxAgeMicros = maxSeconds > 0 ? (long) (maxSeconds * 1_000_000) : Long.MAX_VALUE;
        this.maxBytes = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
    }

    /** Adds a frame (taking a reference of its own), dropping the oldest past any limit. */
    public synchronized void add(VideoFrame frame) {
        if (ring.length == 0) {
            return;
        }
        if (size == ring.length) {
            dropOldest();
        }
        ring[(head + size) % ring.length] = frame.retain();
        size++;
        bytes += frame.bytes();
        while (size > 1 && (bytes > maxBytes || frame.ptsMicros() - oldest().ptsMicros() > maxAgeMicros)) {
            dropOldest();
        }
    }

    private VideoFrame oldest() {
        return ring[head];
    }

    private void dropOldest() {
        VideoFrame old = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        bytes -= old.bytes();
        evicted++;
        old.release();
    }

    /** The newest frame, retained for the caller (who must release it), or null when empty. */
    public synchronized VideoFrame latest() {
        return size == 0 ? null : ring[(head + size - 1) % ring.length].retain();
    }

    /** The frame shown at wall-clock time {@code epochMillis} (the last one decoded at or before it), retained, or null. */
    public synchronized VideoFrame at(long epochMillis) {
        VideoFrame found = null;
        for (int i = 0; i < size; i++) {
            VideoFrame f = ring[(head + i) % ring.length];
            if (f.epochMillis() > epochMillis) {
                break;
            }
            found = f;
        }
        return found == null ? null : found.retain();
    }

    /** The frames decoded between two wall-clock times (inclusive), oldest first, each retained. */
    public synchronized List<VideoFrame> between(long fromMillis, long toMillis) {
        List<VideoFrame> frames = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            VideoFrame f = ring[(head + i) % ring.length];
            if (f.epochMillis() >= fromMillis && f.epochMillis() <= toMillis) {
                frames.add(f.retain());
            }
        }
        return frames;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Frames dropped to stay within the limits so far. */
    public synchronized long evicted() {
        return evicted;
    }

    @Override
    public synchronized void close() {
        while (size > 0) {
            dropOldest();
        }
    }
}
