package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Writes kept packets ({@link FrameCache.Span}) into an MP4 file as they are — no decoding, no
 * encoding — with its index at the front ({@code faststart}) so that it plays while it downloads.
 * Time stamps are rebased to start at zero.
 */
public final class ClipWriter {

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    private ClipWriter() {}

    /** Writes {@code span} of a {@code width x height} stream at {@code fps} to {@code file}; returns the packets written. */
    public static int write(FrameCache.Span span, int width, int height, double fps, Path file) throws VideoException {
        return write(span, width, height, fps, file, "mp4", 0);
    }

    /**
     * The same in {@code format} ({@code mp4}, or {@code mpegts} for HLS, where FFmpeg turns the
     * packets into Annex B on its own), its time stamps starting at {@code offsetMicros} (a playlist's
     * segments follow one another).
     */
    public static int write(
            FrameCache.Span span, int width, int height, double fps, Path file, String format, long offsetMicros)
            throws VideoException {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_decoder_by_name(span.codec());
        if (codec == null) {
            throw new VideoException("no codec '" + span.codec() + "' to put in an MP4");
        }
        AVFormatContext context = new AVFormatContext(null);
        String target = file.toString();
        int rc = avformat_alloc_output_context2(context, null, format, target);
        if (rc < 0 || context.isNull()) {
            throw new VideoException("cannot create an " + format + " output: " + Ffmpeg.error(rc));
        }
        AVPacket packet = av_packet_alloc();
        boolean opened = false;
        try {
            AVStream stream = avformat_new_stream(context, null);
            AVCodecParameters par = stream.codecpar();
            par.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(codec.id()).width(width).height(height);
            extradata(par, span.extradata());
            stream.time_base(new AVRational().num(1).den(90_000));
            stream.avg_frame_rate(av_d2q(fps > 0 ? fps : 25, 100_000));
            AVIOContext pb = new AVIOContext(null);
            rc = avio_open(pb, target, AVIO_FLAG_WRITE);
            if (rc < 0) {
                throw new VideoException("cannot open " + target + ": " + Ffmpeg.error(rc));
            }
            context.pb(pb);
            opened = true;
            AVDictionary options = new AVDictionary(null);
            if (format.equals("mp4")) {
                av_dict_set(options, "movflags", "+faststart", 0);
            }
            rc = avformat_write_header(context, options);
            av_dict_free(options);
            if (rc < 0) {
                throw new VideoException("cannot start the MP4: " + Ffmpeg.error(rc));
            }
            writePackets(context, stream, packet, span, fps, offsetMicros);
            rc = av_write_trailer(context);
            if (rc < 0) {
                throw new VideoException("finishing the MP4 failed: " + Ffmpeg.error(rc));
            }
            return span.packets().size();
        } finally {
            if (opened) {
                avio_close(context.pb());
            }
            avformat_free_context(context);
            av_packet_free(packet);
        }
    }

    /** Every packet of the span, time stamps rebased so the first frame shown is at 0 and made to grow. */
    private static void writePackets(
            AVFormatContext context, AVStream stream, AVPacket packet, FrameCache.Span span, double fps, long offset)
            throws VideoException {
        long frameMicros = (long) (1_000_000 / (fps > 0 ? fps : 25));
        // The first frame shown starts the clip at 0 (its B-frames make the first dts negative, as in the source)
        long origin = span.packets().get(0).ptsMicros() - offset;
        long last = Long.MIN_VALUE;
        AVRational tb = stream.time_base();
        for (FrameCache.SpanPacket p : span.packets()) {
            long dts = av_rescale_q(p.dtsMicros() - origin, MICROS, tb);
            if (last != Long.MIN_VALUE && dts <= last) {
                dts = last + 1; // the muxer refuses time stamps that do not grow
            }
            last = dts;
            if (av_new_packet(packet, p.data().length) < 0) {
                throw new VideoException("out of memory for a packet of " + p.data().length + " bytes");
            }
            packet.data().position(0).capacity(p.data().length).put(p.data());
            packet.stream_index(stream.index());
            packet.dts(dts);
            packet.pts(Math.max(dts, av_rescale_q(p.ptsMicros() - origin, MICROS, tb)));
            packet.duration(av_rescale_q(frameMicros, MICROS, tb));
            packet.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
            int rc = av_interleaved_write_frame(context, packet);
            if (rc < 0) {
                throw new VideoException("writing the MP4 failed: " + Ffmpeg.error(rc));
            }
        }
    }

    private static void extradata(AVCodecParameters par, ByteBuffer extradata) {
        ByteBuffer extra = extradata.duplicate();
        int size = extra.remaining();
        if (size == 0) {
            return;
        }
        BytePointer data = new BytePointer(av_malloc(size + AV_INPUT_BUFFER_PADDING_SIZE))
                .capacity(size + AV_INPUT_BUFFER_PADDING_SIZE);
        byte[] bytes = new byte[size];
        extra.get(bytes);
        data.position(0).put(bytes);
        data.position(size).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE]);
        par.extradata(data.position(0)).extradata_size(size);
    }
}
