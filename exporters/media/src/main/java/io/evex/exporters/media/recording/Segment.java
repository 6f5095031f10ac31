package io.evex.exporters.media.recording;

import java.nio.file.Path;

/**
 * One recorded file of a channel: its wall-clock span (the end grows while it is written), its size,
 * and whether events of the kept types, or motion, fell within it.
 */
public final class Segment {

    final String channel;
    final Path file;
    final long startMillis;
    volatile long endMillis;
    volatile long bytes;
    volatile boolean events;
    volatile boolean motion;
    /** Still being written: never deleted. */
    volatile boolean open;

    Segment(String channel, Path file, long startMillis) {
        this.channel = channel;
        this.file = file;
        this.startMillis = startMillis;
        this.endMillis = startMillis;
    }

    public Path file() {
        return file;
    }

    public long startMillis() {
        return startMillis;
    }

    public long endMillis() {
        return endMillis;
    }

    public long bytes() {
        return bytes;
    }

    /** Whether an event of the kept types fell within it. */
    public boolean events() {
        return events;
    }

    boolean covers(long millis) {
        return millis >= startMillis - 500 && (open || millis <= endMillis + 500);
    }
}
