package io.evex.exporters.media.recording;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * How much video a file holds, read from its packets (not its header: a fragmented MP4 cut by a
 * kill has no duration there, but every fragment before the cut plays).
 */
final class SegmentProbe {

    private SegmentProbe() {}

    /** The span from the first packet's time to the last one's, in ms; 0 when the file cannot be read. */
    static long lengthMillis(Path file) {
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_open_input(ctx, file.toString(), null, null) < 0) {
            return 0;
        }
        AVPacket packet = av_packet_alloc();
        try {
            if (avformat_find_stream_info(ctx, (PointerPointer<?>) null) < 0 || ctx.nb_streams() < 1) {
                return 0;
            }
            AVRational tb = ctx.streams(0).time_base();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            while (av_read_frame(ctx, packet) >= 0) {
                if (packet.stream_index() == 0 && packet.pts() != AV_NOPTS_VALUE) {
                    first = Math.min(first, packet.pts());
                    last = Math.max(last, packet.pts() + Math.max(0, packet.duration()));
                }
                av_packet_unref(packet);
            }
            return first == Long.MAX_VALUE ? 0 : (last - first) * 1000L * tb.num() / tb.den();
        } finally {
            av_packet_free(packet);
            avformat_close_input(ctx);
        }
    }
}
