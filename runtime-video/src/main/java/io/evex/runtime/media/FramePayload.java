package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A frame as the body of a request to an AI server: JPEG, PNG, BMP, or raw packed BGR pixels, at
 * the size a {@code layout} gives ({@code {width, height, x, y, innerWidth, innerHeight}}: the
 * frame scaled to the inner size at x, y, on black when padded). Keeps its scalers and encoders from
 * one frame to the next. One thread at a time.
 */
public final class FramePayload implements AutoCloseable {

    /** The body and its content type. */
    public record Body(byte[] bytes, String contentType) {}

    private final String format;
    private final StillEncoder still;
    private final FrameConverter bgr = new FrameConverter(AV_PIX_FMT_BGR24);
    private AVFrame canvas;

    /** @param format {@code jpg}, {@code png}, {@code bmp} or {@code raw} */
    public FramePayload(String format, int quality) {
        this.format = format;
        this.still = format.equals("raw") ? null : new StillEncoder(format, quality);
    }

    public Body encode(VideoFrame frame, int[] layout) throws VideoException {
        int width = layout[0];
        int height = layout[1];
        boolean padded = layout[4] != width || layout[5] != height;
        AVFrame picture = padded ? padded(frame.frame(), layout) : null;
        if (format.equals("raw")) {
            AVFrame pixels = picture != null ? picture : bgr.convert(frame.frame(), width, height);
            return new Body(
                    packed(pixels, width, height), "image/x-raw; format=bgr24; width=" + width + "; height=" + height);
        }
        byte[] bytes =
                picture != null ? still.encode(picture, width, height) : still.encode(frame, width, height, false);
        return new Body(bytes, format.equals("jpg") ? "image/jpeg" : "image/" + format);
    }

    /** The frame scaled into the layout's inner rectangle of a black BGR picture. */
    private AVFrame padded(AVFrame source, int[] layout) {
        int width = layout[0];
        int height = layout[1];
        if (canvas == null || canvas.width() != width || canvas.height() != height) {
            if (canvas != null) {
                av_frame_free(canvas);
            }
            canvas = av_frame_alloc();
            canvas.format(AV_PIX_FMT_BGR24).width(width).height(height);
            if (av_frame_get_buffer(canvas, 0) < 0) {
                throw new IllegalStateException("out of memory for a " + width + "x" + height + " picture");
            }
        }
        int stride = canvas.linesize(0);
        BytePointer out = canvas.data(0).capacity((long) stride * height);
        out.position(0).fill(0); // black where the frame is not
        AVFrame inner = bgr.convert(source, layout[4], layout[5]);
        BytePointer in = inner.data(0);
        int innerStride = inner.linesize(0);
        byte[] row = new byte[layout[4] * 3];
        for (int y = 0; y < layout[5]; y++) {
            in.position((long) y * innerStride).get(row);
            out.position((long) (y + layout[3]) * stride + layout[2] * 3L).put(row);
        }
        in.position(0);
        out.position(0);
        return canvas;
    }

    /** The rows of a packed 3-byte picture (BGR, RGB), without their padding. */
    static byte[] packed(AVFrame frame, int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        BytePointer data = frame.data(0);
        int stride = frame.linesize(0);
        for (int y = 0; y < height; y++) {
            data.position((long) y * stride).get(pixels, y * width * 3, width * 3);
        }
        data.position(0);
        return pixels;
    }

    @Override
    public void close() {
        if (still != null) {
            still.close();
        }
        bgr.close();
        if (canvas != null) {
            av_frame_free(canvas);
            canvas = null;
        }
    }
}
