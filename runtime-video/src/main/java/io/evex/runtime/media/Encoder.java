package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import io.evex.runtime.video.Ffmpeg;
import io.evex.runtime.video.VideoException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.PointerPointer;

/** An opened FFmpeg encoder: frames in, packets (copied once into Java) out. */
final class Encoder implements AutoCloseable {

    private static final int EAGAIN = -11;

    /** One encoded packet; times in the encoder's time base. */
    record Output(ByteBuffer data, long pts, long dts, boolean keyframe) {}

    private AVCodecContext context;
    private final AVPacket packet = av_packet_alloc();

    /**
     * Finds and opens an encoder.
     *
     * @param setup fills in the context (size, format, rates, options) before opening
     */
    Encoder(String codecName, Consumer<AVCodecContext> setup) throws VideoException {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_encoder_by_name(codecName);
        if (codec == null) {
            av_packet_free(packet);
            throw new VideoException("this FFmpeg build has no '" + codecName + "' encoder");
        }
        context = avcodec_alloc_context3(codec);
        setup.accept(context);
        int rc = avcodec_open2(context, codec, (PointerPointer<?>) null);
        if (rc < 0) {
            close();
            throw new VideoException("cannot open the " + codecName + " encoder: " + Ffmpeg.error(rc));
        }
    }

    AVCodecContext context() {
        return context;
    }

    /** The encoder's global header (SPS/PPS for H.264), empty when none. */
    ByteBuffer extradata() {
        int size = context.extradata_size();
        byte[] bytes = new byte[Math.max(0, size)];
        if (size > 0) {
            context.extradata().position(0).limit(size).get(bytes);
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Encodes one frame (null drains the encoder) and passes every packet it yields to {@code out}. */
    void encode(AVFrame frame, Consumer<Output> out) throws VideoException {
        int rc = avcodec_send_frame(context, frame);
        if (rc < 0 && rc != AVERROR_EOF) {
            throw new VideoException("encoding failed: " + Ffmpeg.error(rc));
        }
        while (true) {
            rc = avcodec_receive_packet(context, packet);
            if (rc == EAGAIN || rc == AVERROR_EOF) {
                return;
            }
            if (rc < 0) {
                throw new VideoException("encoding failed: " + Ffmpeg.error(rc));
            }
            try {
                out.accept(new Output(
                        Packets.copy(packet),
                        packet.pts(),
                        packet.dts(),
                        (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
        av_packet_free(packet);
    }
}
