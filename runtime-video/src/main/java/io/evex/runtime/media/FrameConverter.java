package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Converts frames to one size and pixel format into a frame it owns and reuses, so an encoder can
 * draw on it without touching the shared source frame.
 */
final class FrameConverter implements AutoCloseable {

    private final int format;
    private SwsContext context;
    private AVFrame target;
    private int sourceWidth = -1;
    private int sourceHeight = -1;
    private int sourceFormat = -1;
    private int width;
    private int height;

    FrameConverter(int format) {
        this.format = format;
    }

    /**
     * The frame converted to {@code width x height} in this converter's format; the result is
     * reused by the next call.
     */
    AVFrame convert(AVFrame source, int outWidth, int outHeight) {
        if (source.width() != sourceWidth
                || source.height() != sourceHeight
                || source.format() != sourceFormat
                || outWidth != width
                || outHeight != height) {
            configure(source, outWidth, outHeight);
        }
        sws_scale(context, source.data(), source.linesize(), 0, sourceHeight, target.data(), target.linesize());
        target.pts(source.pts());
        return target;
    }

    private void configure(AVFrame source, int outWidth, int outHeight) {
        sourceWidth = source.width();
        sourceHeight = source.height();
        sourceFormat = source.format();
        width = outWidth;
        height = outHeight;
        context = sws_getCachedContext(
                context,
                sourceWidth,
                sourceHeight,
                sourceFormat,
                width,
                height,
                format,
                SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("no conversion from pixel format " + sourceFormat + " " + sourceWidth + "x"
                    + sourceHeight + " to " + format + " " + width + "x" + height);
        }
        if (target != null) {
            av_frame_free(target);
        }
        target = av_frame_alloc();
        target.format(format).width(width).height(height);
        if (av_frame_get_buffer(target, 0) < 0) {
            throw new IllegalStateException("out of memory for a " + width + "x" + height + " frame");
        }
    }

    @Override
    public void close() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        if (target != null) {
            av_frame_free(target);
            target = null;
        }
    }
}
