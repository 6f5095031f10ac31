package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import io.evex.api.media.EncodedImage;
import io.evex.api.media.ImageRequest;
import io.evex.runtime.analysis.RateFilter;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;

/** JPEG (FFmpeg's mjpeg) or PNG stills of a channel at a set rate, encoded once for all outlets. */
final class ImageRendition extends Rendition {

    /** FFmpeg's lambda per quantiser step. */
    private static final int QP2LAMBDA = 118;

    private final ImageRequest request;
    private final List<ImageOutlet> outlets;
    private final RateFilter rate;
    private final int width;
    private final int height;
    private final boolean jpeg;
    private final FrameConverter converter;
    private final FrameConverter annotatedYuv = new FrameConverter(AV_PIX_FMT_YUV420P);
    private Encoder encoder;

    ImageRendition(StreamInfo source, ImageRequest request, List<ImageOutlet> outlets) {
        super(
                source,
                request.format() + "-" + request.width() + "x" + request.height() + "@" + request.fps()
                        + (request.annotated() ? "-annotated" : ""),
                4);
        this.request = request;
        this.outlets = outlets;
        this.rate = new RateFilter(request.fps() < source.fps() ? request.fps() : 0);
        int[] size = size(request.width(), request.height(), source.width(), source.height());
        this.width = size[0];
        this.height = size[1];
        this.jpeg = "jpg".equals(request.format());
        this.converter = new FrameConverter(jpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_RGB24);
    }

    @Override
    boolean wants(VideoFrame frame) {
        return rate.pass(frame.ptsMicros());
    }

    /** JPEG quantiser 2 (best) to 31 (smallest) from quality 100 to 1. */
    static int quantiser(int quality) {
        return 2 + Math.round((100 - quality) * 29f / 99f);
    }

    /**
     * An encoder of stills: JPEG (FFmpeg's mjpeg, full-range YUV 4:2:0, fixed quantiser from
     * {@code quality}; each frame's {@code quality} must be set with {@link #lambda}) or PNG (RGB).
     */
    static Encoder still(boolean jpeg, int width, int height, int quality) throws VideoException {
        return still(jpeg ? "jpg" : "png", width, height, quality);
    }

    /** The same for {@code jpg}, {@code png} or {@code bmp} (packed BGR). */
    static Encoder still(String format, int width, int height, int quality) throws VideoException {
        boolean jpeg = format.equals("jpg");
        return new Encoder(jpeg ? "mjpeg" : format, c -> {
            c.width(width).height(height).pix_fmt(pixelFormat(format));
            c.time_base(new AVRational().num(1).den(25));
            if (jpeg) {
                c.flags(c.flags() | avcodec.AV_CODEC_FLAG_QSCALE);
                c.global_quality(lambda(quality));
            }
        });
    }

    /** The pixel format a still of {@code format} is encoded from. */
    static int pixelFormat(String format) {
        return switch (format) {
            case "jpg" -> AV_PIX_FMT_YUVJ420P;
            case "bmp" -> org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
            default -> AV_PIX_FMT_RGB24;
        };
    }

    /** FFmpeg's quality value (lambda) of a JPEG quality 1..100. */
    static int lambda(int quality) {
        return quantiser(quality) * QP2LAMBDA;
    }

    @Override
    protected void encode(VideoFrame frame) throws Exception {
        if (encoder == null) {
            encoder = still(jpeg, width, height, request.quality());
        }
        AVFrame in = frame.frame();
        AVFrame picture;
        if (request.annotated() && (frame.regions().length > 0 || frame.scene().length > 0)) {
            AVFrame yuv = annotatedYuv.convert(in, width, height);
            Annotator.draw(yuv, frame.regions(), frame.scene(), frame.labels());
            picture = converter.convert(yuv, width, height);
        } else {
            picture = converter.convert(in, width, height);
        }
        if (jpeg) {
            picture.quality(lambda(request.quality()));
        }
        picture.pts(frame.frameId());
        encoder.encode(picture, out -> {
            EncodedImage image = new EncodedImage(
                    source.channel(),
                    request.format(),
                    width,
                    height,
                    out.data(),
                    frame.frameId(),
                    frame.ptsMicros() / 1e6,
                    frame.epochMillis());
            outlets.forEach(o -> o.image(image, !source.live()));
        });
    }

    @Override
    protected void finish() {}

    @Override
    protected void release() {
        if (encoder != null) {
            encoder.close();
        }
        converter.close();
        annotatedYuv.close();
    }
}
