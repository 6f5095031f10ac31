package io.evex.api.media;

import java.nio.ByteBuffer;

/**
 * One encoded still image, shared by every exporter of the same {@link ImageRequest}.
 *
 * @param channel the channel's name
 * @param format {@code "jpg"} or {@code "png"}
 * @param width width in pixels
 * @param height height in pixels
 * @param data the file's bytes; read-only
 * @param frameId the source frame's number in its channel
 * @param frameTime the source frame's time in seconds since the channel started
 * @param epochMillis wall-clock time the frame was decoded
 */
public record EncodedImage(
        String channel,
        String format,
        int width,
        int height,
        ByteBuffer data,
        long frameId,
        double frameTime,
        long epochMillis) {}
