package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import java.io.ByteArrayOutputStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Encodes single pictures — JPEG (FFmpeg's mjpeg), PNG or BMP — at any size, optionally with the
 * channel's boxes, zones and lines drawn on. Keeps its scaler and encoder while the size stays the
 * same. One thread at a time: callers that share one synchronise on it.
 */
public final class StillEncoder implements AutoCloseable {

    private final boolean jpeg;
    private final String format;
    private final int quality;
    private final FrameConverter converter;
    private final FrameConverter annotatedYuv = new FrameConverter(AV_PIX_FMT_YUV420P);
    private Encoder encoder;
    private int width;
    private int height;
    private long pictures;

    /**
     * @param format {@code jpg}, {@code png} or {@code bmp}
     * @param quality JPEG quality 1..100 (ignored for the others)
     */
    public StillEncoder(String format, int quality) {
        if (!format.equals("jpg") && !format.equals("png") && !format.equals("bmp")) {
            throw new IllegalArgumentException("a still is jpg, png or bmp, not '" + format + "'");
        }
        this.format = format;
        this.jpeg = format.equals("jpg");
        this.quality = quality;
        this.converter = new FrameConverter(ImageRendition.pixelFormat(format));
    }

    /** The frame as a picture of {@code width x height}, with its overlay when {@code annotated}. */
    public byte[] encode(VideoFrame frame, int width, int height, boolean annotated) throws VideoException {
        AVFrame source = frame.frame();
        if (annotated && (frame.regions().length > 0 || frame.scene().length > 0)) {
            AVFrame yuv = annotatedYuv.convert(source, width, height);
            Annotator.draw(yuv, frame.regions(), frame.scene(), frame.labels());
            source = yuv;
        }
        return encode(source, width, height);
    }

    /** Any FFmpeg frame (a crop, say) as a picture of {@code width x height}. */
    public byte[] encode(AVFrame source, int width, int height) throws VideoException {
        if (encoder == null || width != this.width || height != this.height) {
            if (encoder != null) {
                encoder.close();
            }
            encoder = ImageRendition.still(format, width, height, quality);
            this.width = width;
            this.height = height;
        }
        AVFrame picture = converter.convert(source, width, height);
        // An encoder refuses a time stamp that goes back (a looping file's does): count pictures instead.
        picture.pts(++pictures);
        if (jpeg) {
            picture.quality(ImageRendition.lambda(quality));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 4 + 1024);
        encoder.encode(picture, p -> write(out, p));
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Encoder.Output packet) {
        byte[] bytes = new byte[packet.data().remaining()];
        packet.data().duplicate().get(bytes);
        out.writeBytes(bytes);
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        converter.close();
        annotatedYuv.close();
    }
}
