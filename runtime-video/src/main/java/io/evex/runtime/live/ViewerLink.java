package io.evex.runtime.live;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One viewer of one channel, with its own flow control: fragments it has not taken yet are counted,
 * and past a limit the rest of the group of pictures is skipped, so a slow viewer jumps to the next
 * key frame (counted) instead of slowing the channel or the other viewers.
 */
final class ViewerLink {

    /** Fragments a viewer may have in flight beyond its join burst: ~2 s at 25 fps. */
    static final int LIMIT = 50;

    private final LiveViewer viewer;
    private final boolean multiplexed;
    private final AtomicInteger pending = new AtomicInteger();
    private final Runnable done = pending::decrementAndGet;
    private volatile int limit = LIMIT;
    private boolean skipping;
    private long skips;
    private long skippedFrames;

    ViewerLink(LiveViewer viewer, boolean multiplexed) {
        this.viewer = viewer;
        this.multiplexed = multiplexed;
    }

    /** The join burst (init and the cached group) may exceed the limit once. */
    void allowBurst(int fragments) {
        limit = LIMIT + fragments;
    }

    void text(String json) {
        viewer.text(json);
    }

    /** An init segment: always sent, it starts a stream. */
    void init(ByteBuffer init) {
        skipping = false;
        pending.incrementAndGet();
        viewer.binary(view(init), done);
    }

    /** A fragment, unless this viewer is behind and must wait for the next key frame. */
    void fragment(ByteBuffer fragment, boolean key) {
        if (skipping && !key) {
            skippedFrames++;
            return;
        }
        if (pending.get() >= limit) {
            if (!skipping || key) {
                skips++; // a new skip starts (a key frame met while behind starts one too)
            }
            skipping = true;
            limit = LIMIT;
            skippedFrames++;
            return;
        }
        skipping = false;
        pending.incrementAndGet();
        viewer.binary(view(fragment), done);
    }

    /** Single-channel viewers get the fragment without the multiplexed socket's stream number. */
    private ByteBuffer view(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        if (!multiplexed) {
            d.position(d.position() + Fmp4.PREFIX);
        }
        return d;
    }

    long skips() {
        return skips;
    }

    long skippedFrames() {
        return skippedFrames;
    }

    int pending() {
        return pending.get();
    }

    LiveViewer viewer() {
        return viewer;
    }
}
