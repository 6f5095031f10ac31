package io.evex.api.media;

import java.nio.ByteBuffer;

/**
 * One encoded frame (an H.264 access unit). The same instance goes to every exporter of the
 * rendition: never write into {@link #data()}; use {@link ByteBuffer#duplicate()} to read it with
 * your own position.
 *
 * @param channel the channel's name
 * @param data the encoded bytes; read-only, may be a direct buffer
 * @param ptsMicros presentation time in microseconds since the channel started
 * @param dtsMicros decoding time in microseconds since the channel started
 * @param keyframe whether decoding can start here
 */
public record VideoPacket(String channel, ByteBuffer data, long ptsMicros, long dtsMicros, boolean keyframe) {}
