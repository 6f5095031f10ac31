package io.evex.runtime.media;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/** Copies FFmpeg packets into Java once, for every exporter to share. */
final class Packets {

    private Packets() {}

    /** The packet's bytes in a read-only buffer: the one copy all outlets share. */
    static ByteBuffer copy(AVPacket packet) {
        byte[] bytes = new byte[packet.size()];
        packet.data().position(0).get(bytes);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
}
