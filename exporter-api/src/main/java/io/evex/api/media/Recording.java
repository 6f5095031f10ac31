package io.evex.api.media;

import java.nio.file.Path;

/**
 * One video file an exporter recorded for a channel, and the wall-clock span it holds: the time
 * its first packet was written and the time of its last (still growing while it is being written).
 *
 * @since 0.5
 */
public record Recording(String channel, Path file, long startMillis, long endMillis) {}
