package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Scales frames of any pixel format to a small grey (or BGR) image in FFmpeg's scaler (SIMD, area
 * averaging), then copies that small image into a reused Java array: the only pixels that cross
 * into Java are the few the analysis reads.
 */
final class FrameScaler implements AutoCloseable {

    private final int width;
    private final int fixedHeight;
    private final int format;
    private final int channels;
    private SwsContext context;
    private int height;
    private int sourceWidth = -1;
    private int sourceHeight = -1;
    private int sourceFormat = -1;
    private BytePointer pixels;
    private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);
    private final IntPointer strides = new IntPointer(4);
    private byte[] grey = new byte[0];

    /** Grey, {@code width} across (never enlarged), the height keeping the aspect. */
    static FrameScaler grey(int width) {
        return new FrameScaler(width, 0, AV_PIX_FMT_GRAY8, 1);
    }

    /** Packed BGR at exactly {@code width x height}. */
    static FrameScaler bgr(int width, int height) {
        return new FrameScaler(width, height, AV_PIX_FMT_BGR24, 3);
    }

    private FrameScaler(int width, int fixedHeight, int format, int channels) {
        this.width = width;
        this.fixedHeight = fixedHeight;
        this.format = format;
        this.channels = channels;
    }

    /** The frame, shrunk and grey; the array is reused by the next call. */
    byte[] scale(AVFrame frame) {
        if (frame.width() != sourceWidth || frame.height() != sourceHeight || frame.format() != sourceFormat) {
            configure(frame);
        }
        sws_scale(context, frame.data(), frame.linesize(), 0, sourceHeight, planes, strides);
        pixels.position(0).get(grey);
        return grey;
    }

    int width() {
        return fixedHeight > 0 ? width : Math.min(width, sourceWidth);
    }

    int height() {
        return height;
    }

    private void configure(AVFrame frame) {
        sourceWidth = frame.width();
        sourceHeight = frame.height();
        sourceFormat = frame.format();
        int w = width();
        height = fixedHeight > 0 ? fixedHeight : Math.max(2, (int) Math.round((double) sourceHeight * w / sourceWidth));
        context = sws_getCachedContext(
                context,
                sourceWidth,
                sourceHeight,
                sourceFormat,
                w,
                height,
                format,
                SWS_AREA,
                null,
                null,
                (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("no scaler from pixel format " + sourceFormat + " to " + format);
        }
        if (pixels != null) {
            pixels.close();
        }
        pixels = new BytePointer((long) w * height * channels);
        planes.put(0, pixels);
        strides.put(0, w * channels);
        grey = new byte[w * height * channels];
    }

    @Override
    public void close() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        if (pixels != null) {
            pixels.close();
        }
        planes.close();
        strides.close();
    }
}
