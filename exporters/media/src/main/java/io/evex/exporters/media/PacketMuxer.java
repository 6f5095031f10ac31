package io.evex.exporters.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.evex.api.ExportException;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.nio.ByteBuffer;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Writes one H.264 track into one FFmpeg container (mp4, hls, flv, ...) from packets encoded
 * elsewhere: no decoding, no encoding. Time stamps arrive in microseconds and are rebased so the
 * output starts at zero.
 */
final class PacketMuxer implements AutoCloseable {

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    private final String target;
    private AVFormatContext context;
    private AVStream stream;
    private final AVPacket packet = av_packet_alloc();
    private long originDts = Long.MIN_VALUE;
    private long lastDts = Long.MIN_VALUE;
    private final long frameMicros;
    private boolean headerWritten;
    private long packets;

    /**
     * Opens the output and writes its header.
     *
     * @param format FFmpeg's muxer name ({@code mp4}, {@code hls}, {@code flv})
     * @param target a file path or URL
     * @param options muxer options ({@code movflags}, {@code hls_time}, ...)
     * @param timeoutMs longest a network write may block
     * @throws ExportException retriable when the target could not be opened (a network server may come back)
     */
    PacketMuxer(String format, String target, VideoTrack track, Map<String, String> options, long timeoutMs)
            throws ExportException {
        this.target = target;
        this.frameMicros = (long) (1_000_000 / (track.fps() > 0 ? track.fps() : 25));
        try {
            open(format, track, options, timeoutMs);
        } catch (ExportException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(String format, VideoTrack track, Map<String, String> options, long timeoutMs)
            throws ExportException {
        context = new AVFormatContext(null);
        int rc = avformat_alloc_output_context2(context, null, format, target);
        if (rc < 0 || context.isNull()) {
            context = null;
            throw new PermanentExportException(
                    "cannot create a " + format + " output for " + target + ": " + error(rc));
        }
        stream = avformat_new_stream(context, null);
        AVCodecParameters par = stream.codecpar();
        par.codec_type(AVMEDIA_TYPE_VIDEO)
                .codec_id(AV_CODEC_ID_H264)
                .width(track.width())
                .height(track.height());
        ByteBuffer extra = track.extradata().duplicate();
        int size = extra.remaining();
        if (size > 0) {
            BytePointer data = new BytePointer(av_malloc(size + AV_INPUT_BUFFER_PADDING_SIZE))
                    .capacity(size + AV_INPUT_BUFFER_PADDING_SIZE);
            byte[] bytes = new byte[size];
            extra.get(bytes);
            data.position(0).put(bytes);
            data.position(size).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE]);
            par.extradata(data.position(0)).extradata_size(size);
        }
        stream.time_base(new AVRational().num(1).den(90_000));
        AVRational rate = av_d2q(track.fps() > 0 ? track.fps() : 25, 100_000);
        stream.avg_frame_rate(rate);
        stream.r_frame_rate(rate);
        if ((context.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            AVDictionary io = new AVDictionary(null);
            av_dict_set(io, "rw_timeout", Long.toString(timeoutMs * 1000), 0);
            rc = avio_open2(pb, target, AVIO_FLAG_WRITE, null, io);
            av_dict_free(io);
            if (rc < 0) {
                throw new RetriableExportException("cannot open " + target + ": " + error(rc));
            }
            context.pb(pb);
        }
        AVDictionary dict = new AVDictionary(null);
        // Hand every packet to the OS at once: what was written survives a killed runtime.
        av_dict_set(dict, "flush_packets", "1", 0);
        options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
        rc = avformat_write_header(context, dict);
        av_dict_free(dict);
        if (rc < 0) {
            throw new RetriableExportException("cannot start " + target + ": " + error(rc));
        }
        headerWritten = true;
    }

    /** Writes one packet. */
    void write(VideoPacket p) throws ExportException {
        if (originDts == Long.MIN_VALUE) {
            originDts = p.dtsMicros();
        }
        long dts = p.dtsMicros() - originDts;
        long pts = Math.max(dts, p.ptsMicros() - originDts);
        AVRational tb = stream.time_base();
        long dtsTb = av_rescale_q(dts, MICROS, tb);
        if (lastDts != Long.MIN_VALUE && dtsTb <= lastDts) {
            dtsTb = lastDts + 1; // muxers refuse a time stamp that does not grow
        }
        lastDts = dtsTb;
        ByteBuffer data = p.data().duplicate();
        int size = data.remaining();
        int rc = av_new_packet(packet, size);
        if (rc < 0) {
            throw new RetriableExportException("out of memory for a packet of " + size + " bytes");
        }
        // One copy, straight from the shared buffer into FFmpeg's packet.
        packet.data().position(0).capacity(size).asByteBuffer().put(data);
        packet.stream_index(stream.index());
        packet.dts(dtsTb);
        packet.pts(Math.max(dtsTb, av_rescale_q(pts, MICROS, tb)));
        packet.duration(av_rescale_q(frameMicros, MICROS, tb));
        packet.flags(p.keyframe() ? AV_PKT_FLAG_KEY : 0);
        rc = av_interleaved_write_frame(context, packet);
        if (rc < 0) {
            throw new RetriableExportException("writing to " + target + " failed: " + error(rc));
        }
        packets++;
    }

    /** Packets written so far. */
    long packets() {
        return packets;
    }

    /** Duration written so far, in microseconds. */
    long durationMicros() {
        return lastDts == Long.MIN_VALUE ? 0 : av_rescale_q(lastDts, stream.time_base(), MICROS) + frameMicros;
    }

    String target() {
        return target;
    }

    /** Finishes the container (trailer, index) and closes the output. Safe to call twice. */
    @Override
    public void close() {
        if (context != null) {
            if (headerWritten) {
                av_write_trailer(context);
            }
            if ((context.oformat().flags() & AVFMT_NOFILE) == 0 && context.pb() != null) {
                avio_close(context.pb());
                context.pb(null);
            }
            avformat_free_context(context);
            context = null;
        }
        if (!packet.isNull()) {
            av_packet_free(packet);
        }
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n) + " (" + code + ")";
    }
}
