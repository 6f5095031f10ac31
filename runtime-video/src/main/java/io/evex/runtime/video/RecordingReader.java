package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Reads the packets of a wall-clock span back out of recorded MP4 files (as the {@code mp4}
 * exporter wrote them: time stamps from zero at the file's start), from the key frame at or before
 * the span's start, so that a clip can be cut from recordings as from the frame cache — by copying
 * packets, without decoding.
 */
public final class RecordingReader {

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    /** A recorded file and the wall-clock time its first packet was written. */
    public record Source(Path file, long startMillis, long endMillis) {}

    private RecordingReader() {}

    /** A recorded video stream's size and rate, as its file says. */
    public record Shape(int width, int height, double fps) {}

    /**
     * The size and rate of the video in {@code file}: what a clip or a playback segment of it is
     * written with, whatever the camera sends now (it may be offline, or send another size).
     */
    public static Shape shape(Path file) throws VideoException {
        Ffmpeg.init();
        AVFormatContext in = new AVFormatContext(null);
        int rc = avformat_open_input(in, file.toString(), null, (AVDictionary) null);
        if (rc < 0) {
            throw new VideoException("cannot open the recording " + file + ": " + Ffmpeg.error(rc));
        }
        try {
            Ffmpeg.check(
                    avformat_find_stream_info(in, (org.bytedeco.javacpp.PointerPointer<?>) null), "reading " + file);
            int video =
                    av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (video < 0) {
                throw new VideoException(file + " holds no video");
            }
            AVStream stream = in.streams(video);
            AVRational rate = stream.avg_frame_rate();
            double fps = rate.den() > 0 && rate.num() > 0 ? rate.num() / (double) rate.den() : 0;
            return new Shape(stream.codecpar().width(), stream.codecpar().height(), fps);
        } finally {
            avformat_close_input(in);
        }
    }

    /** The packets of {@code sources} (oldest first) between two wall-clock times, or null when none holds any. */
    public static FrameCache.Span read(List<Source> sources, long fromMillis, long toMillis, int maxPackets)
            throws VideoException {
        Ffmpeg.init();
        List<FrameCache.SpanPacket> packets = new ArrayList<>();
        String codec = null;
        ByteBuffer extradata = ByteBuffer.allocate(0);
        for (Source s : sources) {
            if (s.endMillis() < fromMillis || s.startMillis() > toMillis) {
                continue;
            }
            String[] found = new String[1];
            ByteBuffer[] config = new ByteBuffer[1];
            readFile(s, fromMillis, toMillis, maxPackets - packets.size(), packets, found, config);
            if (codec == null && found[0] != null) {
                codec = found[0];
                extradata = config[0];
            }
            if (packets.size() >= maxPackets) {
                break;
            }
        }
        return codec == null || packets.isEmpty() ? null : new FrameCache.Span(codec, extradata, packets);
    }

    private static void readFile(
            Source s,
            long fromMillis,
            long toMillis,
            int room,
            List<FrameCache.SpanPacket> out,
            String[] codec,
            ByteBuffer[] extradata)
            throws VideoException {
        AVFormatContext in = new AVFormatContext(null);
        int rc = avformat_open_input(in, s.file().toString(), null, (AVDictionary) null);
        if (rc < 0) {
            throw new VideoException("cannot open the recording " + s.file() + ": " + Ffmpeg.error(rc));
        }
        AVPacket packet = av_packet_alloc();
        try {
            Ffmpeg.check(
                    avformat_find_stream_info(in, (org.bytedeco.javacpp.PointerPointer<?>) null),
                    "reading " + s.file());
            int video =
                    av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
            if (video < 0) {
                return;
            }
            AVStream stream = in.streams(video);
            AVCodecParameters par = stream.codecpar();
            codec[0] = avcodec_get_name(par.codec_id()).getString();
            byte[] config = new byte[par.extradata_size()];
            if (config.length > 0) {
                par.extradata().position(0).get(config);
            }
            extradata[0] = ByteBuffer.wrap(config).asReadOnlyBuffer();
            out.addAll(packets(in, packet, video, s.startMillis() * 1000, fromMillis, toMillis, room, out.isEmpty()));
        } finally {
            av_packet_free(packet);
            avformat_close_input(in);
        }
    }

    /**
     * The packets of stream {@code video} up to {@code toMillis}, at most {@code room}; for the
     * first file of a span, from the last key frame at or before {@code fromMillis}.
     */
    private static List<FrameCache.SpanPacket> packets(
            AVFormatContext in,
            AVPacket packet,
            int video,
            long baseMicros,
            long fromMillis,
            long toMillis,
            int room,
            boolean first) {
        AVRational tb = in.streams(video).time_base();
        List<FrameCache.SpanPacket> pending = new ArrayList<>();
        while (av_read_frame(in, packet) >= 0) {
            try {
                if (packet.stream_index() != video) {
                    continue;
                }
                long dts = packet.dts() == AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                long pts = packet.pts() == AV_NOPTS_VALUE ? dts : packet.pts();
                long ptsMicros = baseMicros + av_rescale_q(pts, tb, MICROS);
                long dtsMicros = baseMicros + av_rescale_q(dts, tb, MICROS);
                long epoch = ptsMicros / 1000;
                if (epoch > toMillis) {
                    break;
                }
                boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                if (first && epoch < fromMillis && key) {
                    pending.clear(); // a later key frame still at or before the start
                }
                if (first && pending.isEmpty() && !key) {
                    continue; // nothing decodes before a key frame
                }
                byte[] data = new byte[packet.size()];
                packet.data().position(0).get(data);
                pending.add(new FrameCache.SpanPacket(data, ptsMicros, dtsMicros, epoch, key));
                if (pending.size() >= room) {
                    break;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        return pending;
    }
}
