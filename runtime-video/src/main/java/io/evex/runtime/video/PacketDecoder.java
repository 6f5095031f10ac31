package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes packets kept by the {@link FrameCache} when someone asks for a past frame: a decoder of
 * its own (the channel's stays untouched), opened for one request, fed from a key frame on.
 * Packet and frame times are microseconds (the packets carry them as their pts).
 */
final class PacketDecoder implements AutoCloseable {

    private static final int EAGAIN = -11;

    private final AVCodecContext context;
    private final AVPacket packet = av_packet_alloc();

    /** @throws VideoException when FFmpeg has no decoder for {@code codec} */
    PacketDecoder(String codec, ByteBuffer extradata) throws VideoException {
        AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(codec);
        AVCodec decoder = descriptor == null ? null : avcodec_find_decoder(descriptor.id());
        if (decoder == null) {
            av_packet_free(packet);
            throw new VideoException("no decoder for codec " + codec);
        }
        context = avcodec_alloc_context3(decoder);
        int size = extradata.remaining();
        if (size > 0) {
            // FFmpeg frees extradata with the context: it must come from av_malloc, with zeroed padding.
            BytePointer copy = new BytePointer(av_malloc(size + 64)).capacity(size + 64);
            byte[] bytes = new byte[size];
            extradata.duplicate().get(bytes);
            copy.position(0).put(bytes).position(size).put(new byte[64]).position(0);
            context.extradata(copy);
            context.extradata_size(size);
        }
        context.thread_count(1);
        int rc = avcodec_open2(context, decoder, (PointerPointer<?>) null);
        if (rc < 0) {
            close();
            throw new VideoException("cannot open a decoder for " + codec + ": " + Ffmpeg.error(rc));
        }
    }

    /** A decoded frame and its time; the caller owns the frame. */
    record Decoded(AVFrame frame, long ptsMicros) {}

    /** Feeds one packet (null = no more) and returns the frames it completed. */
    List<Decoded> decode(byte[] data, long ptsMicros, long dtsMicros, boolean key) throws VideoException {
        List<Decoded> out = new ArrayList<>(2);
        int rc;
        if (data == null) {
            rc = avcodec_send_packet(context, null);
        } else {
            BytePointer bytes = new BytePointer(data);
            try {
                packet.data(bytes)
                        .size(data.length)
                        .pts(ptsMicros)
                        .dts(dtsMicros)
                        .flags(key ? 1 : 0);
                rc = avcodec_send_packet(context, packet);
            } finally {
                packet.data(null).size(0);
                bytes.close();
            }
        }
        if (rc < 0 && rc != EAGAIN && rc != AVERROR_EOF) {
            return out; // a damaged packet: the frames after it may still decode
        }
        while (true) {
            AVFrame frame = av_frame_alloc();
            rc = avcodec_receive_frame(context, frame);
            if (rc < 0) {
                av_frame_free(frame);
                if (rc == EAGAIN || rc == AVERROR_EOF) {
                    return out;
                }
                throw new VideoException("decoding a cached packet failed: " + Ffmpeg.error(rc));
            }
            long ts = frame.best_effort_timestamp() != AV_NOPTS_VALUE ? frame.best_effort_timestamp() : frame.pts();
            out.add(new Decoded(frame, ts));
        }
    }

    @Override
    public void close() {
        avcodec_free_context(context);
        av_packet_free(packet);
    }
}
