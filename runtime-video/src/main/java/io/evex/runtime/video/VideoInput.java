package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One opened video source: demuxes its best video stream and decodes it. Both the compressed
 * packets (for pass-through) and the decoded frames come from the same read, so a channel reads
 * and decodes its camera once whatever the number of consumers.
 *
 * <p>Every blocking FFmpeg call runs under a deadline checked by FFmpeg's interrupt callback, so
 * a camera that stops answering yields a {@link VideoException} within {@code timeoutMs}, never a
 * hung thread. Files loop by seeking back to the start; time stamps keep growing across loops.
 */
public final class VideoInput implements AutoCloseable {

    private static final int EAGAIN = -11;
    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);
    private static final DeadlineCallback DEADLINE = new DeadlineCallback();

    /** Receives what {@link #read} produced. */
    public interface Sink {
        /** A compressed packet of the video stream, times in microseconds from the start. */
        void packet(AVPacket packet, long ptsMicros, long dtsMicros) throws VideoException;

        /** A decoded frame; the sink takes ownership and must free it (or hand it on). */
        void frame(AVFrame frame, long ptsMicros) throws VideoException;

        /** Whether decoded frames are wanted for the next packet (skips decoding when not). */
        boolean wantsFrames();
    }

    private final SourceUrl source;
    private final long timeoutMs;
    /** [0] = deadline in System.nanoTime() terms, [1] = non-zero once interrupted for good. */
    private final LongPointer deadline = new LongPointer(2).put(1, 0);

    private AVFormatContext format;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private int streamIndex;
    private AVStream stream;
    private long loopOffsetMicros;
    private long latestMicros;
    private long lastPtsMicros = Long.MIN_VALUE;
    private long frameMicros;
    private long startPts = Long.MIN_VALUE;
    private boolean closed;

    private VideoInput(SourceUrl source, long timeoutMs) {
        this.source = source;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Opens the source and its decoder.
     *
     * @throws VideoException saying what failed: unreachable, refused, not found, no video, no decoder
     */
    public static VideoInput open(SourceUrl source, long timeoutMs) throws VideoException {
        Ffmpeg.init();
        VideoInput in = new VideoInput(source, timeoutMs);
        try {
            in.openInput();
            return in;
        } catch (VideoException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private void openInput() throws VideoException {
        format = avformat_alloc_context();
        AVIOInterruptCB interrupt = format.interrupt_callback();
        interrupt.callback(DEADLINE);
        interrupt.opaque(deadline);
        AVDictionary options = new AVDictionary(null);
        if (source.isRtsp()) {
            av_dict_set(options, "rtsp_transport", "tcp", 0);
        }
        if (source.kind() == SourceUrl.Kind.LIVE) {
            av_dict_set(options, "rw_timeout", Long.toString(timeoutMs * 1000), 0);
        }
        AVInputFormat forced = source.format() == null ? null : av_find_input_format(source.format());
        arm();
        int rc = avformat_open_input(format, source.target(), forced, options);
        av_dict_free(options);
        if (rc < 0) {
            format = null; // freed by avformat_open_input on failure
            throw new VideoException("cannot open " + describe() + ": " + Ffmpeg.error(rc));
        }
        arm();
        Ffmpeg.check(
                avformat_find_stream_info(format, (PointerPointer<?>) null),
                "cannot read stream information of " + describe());
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (streamIndex < 0) {
            throw new VideoException(describe() + " has no video stream");
        }
        stream = format.streams(streamIndex);
        AVCodecParameters par = stream.codecpar();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null) {
            throw new VideoException(
                    "no decoder for the video codec of " + describe() + " (codec id " + par.codec_id() + ")");
        }
        decoder = avcodec_alloc_context3(codec);
        Ffmpeg.check(avcodec_parameters_to_context(decoder, par), "decoder set-up for " + describe());
        decoder.pkt_timebase(stream.time_base());
        // One thread per decoder: many channels share the cores better than frame threads, and it adds no delay.
        decoder.thread_count(par.width() * par.height() > 1920 * 1088 ? 0 : 1);
        Ffmpeg.check(
                avcodec_open2(decoder, codec, (PointerPointer<?>) null), "cannot open the decoder of " + describe());
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        double fps = fps();
        frameMicros = (long) (1_000_000 / fps);
    }

    /** The nominal frame rate (25 when the source does not say). */
    public double fps() {
        AVRational r = stream.avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) {
            r = stream.r_frame_rate();
        }
        double fps = r.num() > 0 && r.den() > 0 ? av_q2d(r) : 25;
        return fps > 0 && fps <= 240 ? fps : 25;
    }

    public int width() {
        return stream.codecpar().width();
    }

    public int height() {
        return stream.codecpar().height();
    }

    /** Whether the compressed video is H.264 (pass-through possible). */
    public boolean isH264() {
        return stream.codecpar().codec_id() == avcodec.AV_CODEC_ID_H264;
    }

    /** The codec's name as FFmpeg calls it ({@code h264}, {@code mjpeg}, ...). */
    public String codecName() {
        return avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString();
    }

    /** The stream's codec configuration (SPS/PPS for H.264), copied; empty when none. */
    public ByteBuffer extradata() {
        AVCodecParameters par = stream.codecpar();
        int size = par.extradata_size();
        byte[] bytes = new byte[Math.max(0, size)];
        if (size > 0) {
            par.extradata().position(0).limit(size).get(bytes);
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /**
     * Reads one packet and hands it, and any frame it completes, to the sink.
     *
     * @param loop at the end of a file, start again from its beginning
     * @return false at the end of the input (only when not looping)
     * @throws VideoException on a read error or time-out
     */
    public boolean read(Sink sink, boolean loop) throws VideoException {
        arm();
        int rc = av_read_frame(format, packet);
        if (rc == AVERROR_EOF
                || (rc < 0
                        && source.kind() == SourceUrl.Kind.FILE
                        && format.pb() != null
                        && format.pb().eof_reached() != 0)) {
            drain(sink);
            if (!loop) {
                return false;
            }
            rewind();
            return true;
        }
        if (rc < 0) {
            throw new VideoException("reading " + describe() + " failed: " + Ffmpeg.error(rc));
        }
        try {
            if (packet.stream_index() != streamIndex) {
                return true;
            }
            long pts = micros(packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts());
            long dts = packet.dts() != AV_NOPTS_VALUE ? micros(packet.dts()) : pts;
            sink.packet(packet, pts, dts);
            if (sink.wantsFrames()) {
                decode(sink, packet);
            }
            return true;
        } finally {
            av_packet_unref(packet);
        }
    }

    private void decode(Sink sink, AVPacket input) throws VideoException {
        int rc = avcodec_send_packet(decoder, input);
        if (rc < 0 && rc != EAGAIN && rc != AVERROR_EOF) {
            // A damaged packet from a camera: skip it, the decoder recovers at the next key frame.
            return;
        }
        while (true) {
            rc = avcodec_receive_frame(decoder, frame);
            if (rc == EAGAIN || rc == AVERROR_EOF) {
                return;
            }
            if (rc < 0) {
                throw new VideoException("decoding " + describe() + " failed: " + Ffmpeg.error(rc));
            }
            long ts = frame.best_effort_timestamp() != AV_NOPTS_VALUE ? frame.best_effort_timestamp() : frame.pts();
            long pts = ts == AV_NOPTS_VALUE ? Math.max(0, lastPtsMicros + frameMicros) : micros(ts);
            lastPtsMicros = Math.max(lastPtsMicros, pts);
            AVFrame owned = av_frame_alloc();
            av_frame_move_ref(owned, frame);
            sink.frame(owned, pts);
        }
    }

    private void drain(Sink sink) throws VideoException {
        if (sink.wantsFrames()) {
            decode(sink, null);
        }
        avcodec_flush_buffers(decoder);
    }

    private void rewind() throws VideoException {
        // Time goes on across loops: the next loop starts one frame after the latest time seen.
        loopOffsetMicros = latestMicros + frameMicros;
        Ffmpeg.check(
                av_seek_frame(format, streamIndex, startPts == Long.MIN_VALUE ? 0 : startPts, AVSEEK_FLAG_BACKWARD),
                "cannot seek back to the start of " + describe());
    }

    /** Stream time to microseconds from the stream's first time stamp, plus the loop offset. */
    private long micros(long ts) {
        if (startPts == Long.MIN_VALUE) {
            startPts = ts;
        }
        long us = av_rescale_q(ts - startPts, stream.time_base(), MICROS) + loopOffsetMicros;
        latestMicros = Math.max(latestMicros, us);
        return us;
    }

    private void arm() {
        deadline.put(0, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }

    /** Makes any blocking call return at once, now and from then on (from another thread, to stop a channel). */
    public synchronized void interrupt() {
        if (!closed) {
            deadline.put(1, 1);
        }
    }

    /** The source for messages: its URL without credentials. */
    public String describe() {
        return redact(source.url());
    }

    /** A URL with any {@code user:password@} removed, for logs and events. */
    public static String redact(String url) {
        // The user information runs to the last '@' before the path (a password may hold '@'), and
        // credentials may also ride in the query.
        return url.replaceFirst("(?<=://)[^/?#]*@", "***@")
                .replaceAll(
                        "(?i)([?&;](?:password|passwd|pass|pwd|token|secret|key|apikey|api_key|auth)=)[^&;#]*",
                        "$1***");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        deadline.close();
    }

    /** FFmpeg's interrupt callback: non-zero once the deadline stored at {@code opaque} has passed. */
    private static final class DeadlineCallback extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            LongPointer state = new LongPointer(opaque);
            return state.get(1) != 0 || System.nanoTime() - state.get(0) > 0 ? 1 : 0;
        }
    }
}
