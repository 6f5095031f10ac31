package io.evex.exporters.media.rtsp;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The picture served while a channel is offline: "NO SIGNAL" on dark grey, at the stream's size,
 * encoded as H.264 (a key frame each second, parameter sets in band) so that connected players keep
 * decoding and switch back to live video at its next key frame without reconnecting.
 */
final class NoSignalSlate implements AutoCloseable {

    /** One encoded slate frame, Annex B. */
    record Encoded(ByteBuffer data, boolean keyframe) {}

    /** 5x7 glyphs, one row per string, '#' lit. */
    private static final java.util.Map<Character, String[]> GLYPHS = java.util.Map.of(
            'N', new String[] {"#...#", "##..#", "#.#.#", "#.#.#", "#..##", "#...#", "#...#"},
            'O', new String[] {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
            'S', new String[] {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
            'I', new String[] {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"},
            'G', new String[] {".####", "#....", "#....", "#.###", "#...#", "#...#", ".###."},
            'A', new String[] {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
            'L', new String[] {"#....", "#....", "#....", "#....", "#....", "#....", "#####"});

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet = av_packet_alloc();
    private long pts;

    NoSignalSlate(int width, int height, double fps) {
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            av_packet_free(packet);
            throw new IllegalStateException("this FFmpeg build has no libopenh264 encoder");
        }
        int rate = (int) Math.max(1, Math.round(fps));
        context = avcodec_alloc_context3(codec);
        context.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(new AVRational().num(1).den(rate));
        context.framerate(new AVRational().num(rate).den(1));
        context.gop_size(rate).max_b_frames(0).bit_rate(200_000L).thread_count(1);
        int rc = avcodec_open2(context, codec, (PointerPointer<?>) null);
        frame = av_frame_alloc();
        if (rc < 0) {
            close();
            throw new IllegalStateException("cannot open libopenh264 for the no-signal picture (" + rc + ")");
        }
        frame.width(width).height(height).format(AV_PIX_FMT_YUV420P);
        av_frame_get_buffer(frame, 0);
        paint(width, height);
    }

    private void paint(int width, int height) {
        BytePointer y = frame.data(0);
        int stride = frame.linesize(0);
        byte[] row = new byte[width];
        java.util.Arrays.fill(row, (byte) 40);
        for (int r = 0; r < height; r++) {
            y.position((long) r * stride).put(row, 0, width);
        }
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer c = frame.data(plane);
            int cs = frame.linesize(plane);
            byte[] grey = new byte[(width + 1) / 2];
            java.util.Arrays.fill(grey, (byte) 128);
            for (int r = 0; r < (height + 1) / 2; r++) {
                c.position((long) r * cs).put(grey, 0, grey.length);
            }
        }
        String text = "NO SIGNAL";
        int cell = Math.max(1, Math.min(width / (text.length() * 6 + 2), height / 20));
        int x0 = (width - text.length() * 6 * cell) / 2;
        int y0 = (height - 7 * cell) / 2;
        for (int i = 0; i < text.length(); i++) {
            String[] glyph = GLYPHS.get(text.charAt(i));
            if (glyph == null) {
                continue;
            }
            for (int gy = 0; gy < 7; gy++) {
                for (int gx = 0; gx < 5; gx++) {
                    if (glyph[gy].charAt(gx) == '#') {
                        fill(y, stride, x0 + (i * 6 + gx) * cell, y0 + gy * cell, cell);
                    }
                }
            }
        }
        y.position(0);
    }

    private static void fill(BytePointer y, int stride, int x, int top, int cell) {
        byte[] lit = new byte[cell];
        java.util.Arrays.fill(lit, (byte) 220);
        for (int r = 0; r < cell; r++) {
            y.position((long) (top + r) * stride + x).put(lit, 0, cell);
        }
    }

    /** Encodes the next slate frame; null when the encoder held it back. */
    Encoded next() {
        frame.pts(pts++);
        int rc = avcodec_send_frame(context, frame);
        if (rc < 0) {
            return null;
        }
        if (avcodec_receive_packet(context, packet) < 0) {
            return null;
        }
        try {
            byte[] bytes = new byte[packet.size()];
            packet.data().position(0).get(bytes);
            return new Encoded(ByteBuffer.wrap(bytes), (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0);
        } finally {
            av_packet_unref(packet);
        }
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
        }
        avcodec_free_context(context);
        av_packet_free(packet);
    }
}
