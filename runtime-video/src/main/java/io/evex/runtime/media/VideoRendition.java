package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import io.evex.runtime.analysis.RateFilter;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoFrame;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One H.264 encode of a channel: scaled, rate-limited and annotated as requested, encoded once
 * for all its outlets. The encoder is {@value #DEFAULT_CODEC} (the LGPL FFmpeg build's H.264
 * encoder) unless {@code -Devex.h264=libx264} names another (the GPL build's).
 */
final class VideoRendition extends Rendition {

    static final String DEFAULT_CODEC = "libopenh264";
    private static final int TIMEBASE = 90_000;

    private final VideoRequest request;
    private final List<VideoOutlet> outlets;
    private final Map<String, String> recording;
    private final RateFilter rate;
    private final double fps;
    private final int width;
    private final int height;
    private final FrameConverter converter = new FrameConverter(AV_PIX_FMT_YUV420P);
    private Encoder encoder;
    private long lastPts = Long.MIN_VALUE;
    private final long gridMicros;
    private long gridOrigin = Long.MIN_VALUE;
    private volatile boolean resume;

    VideoRendition(StreamInfo source, VideoRequest request, List<VideoOutlet> outlets, Map<String, String> recording) {
        super(source, "h264-" + describe(request), 50);
        this.recording = recording;
        this.request = request;
        this.outlets = outlets;
        this.fps = request.fps() > 0 ? Math.min(request.fps(), source.fps()) : source.fps();
        boolean reduced = request.fps() > 0 && request.fps() < source.fps();
        this.rate = new RateFilter(reduced ? request.fps() : 0);
        this.gridMicros = reduced ? Math.round(1_000_000 / request.fps()) : 0;
        int[] size = size(request.width(), request.height(), source.width(), source.height());
        this.width = size[0];
        this.height = size[1];
    }

    static String describe(VideoRequest r) {
        return (r.width() == 0 && r.height() == 0 ? "source" : r.width() + "x" + r.height())
                + (r.fps() > 0 ? "@" + r.fps() : "")
                + (r.annotated() ? "-annotated" : "");
    }

    @Override
    boolean wants(VideoFrame frame) {
        if (!watched()) {
            resume = true; // nobody watches (live annotated video): no encode until someone does
            return false;
        }
        return rate.pass(frame.ptsMicros());
    }

    @Override
    boolean idle() {
        return !watched();
    }

    private boolean watched() {
        for (VideoOutlet o : outlets) {
            if (o.wanted(source.channel())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void encode(VideoFrame frame) throws Exception {
        if (encoder == null) {
            open();
        }
        AVFrame in = frame.frame();
        boolean convert = request.annotated()
                || in.width() != width
                || in.height() != height
                || in.format() != AV_PIX_FMT_YUV420P;
        AVFrame picture = convert ? converter.convert(in, width, height) : in;
        if (request.annotated()) {
            Annotator.draw(picture, frame.regions(), frame.scene(), frame.labels());
        }
        long pts = onGrid(frame.ptsMicros()) * TIMEBASE / 1_000_000;
        if (pts <= lastPts) {
            pts = lastPts + 1;
        }
        lastPts = pts;
        long savedPts = picture.pts();
        int savedType = picture.pict_type();
        picture.pts(pts);
        // After an idle spell a viewer is waiting: start with a key frame rather than at the next GOP.
        picture.pict_type(resume ? avutil.AV_PICTURE_TYPE_I : 0);
        resume = false;
        try {
            encoder.encode(picture, this::send);
        } finally {
            // The source frame is shared: leave it as it was.
            picture.pts(savedPts);
            picture.pict_type(savedType);
        }
    }

    /**
     * At a reduced rate, frames are stamped on the output's own grid (as FFmpeg's fps filter does):
     * 25 fps taken down to 10 gives frames exactly 100 ms apart, not 120/80 ms.
     */
    private long onGrid(long ptsMicros) {
        if (gridMicros == 0) {
            return ptsMicros;
        }
        if (gridOrigin == Long.MIN_VALUE || ptsMicros < gridOrigin) {
            gridOrigin = ptsMicros;
        }
        long slot = gridOrigin + Math.round((double) (ptsMicros - gridOrigin) / gridMicros) * gridMicros;
        return slot;
    }

    private void open() throws Exception {
        int bitrate = request.bitrateKbps() > 0
                ? request.bitrateKbps() * 1000
                : (int) Math.min(20_000_000, width * height * fps * 0.1);
        int gop = Math.max(1, (int) Math.round(fps * request.keyframeSeconds()));
        encoder = new Encoder(System.getProperty("evex.h264", DEFAULT_CODEC), c -> {
            c.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
            c.time_base(new AVRational().num(1).den(TIMEBASE));
            c.framerate(new AVRational().num((int) Math.round(fps * 1000)).den(1000));
            c.gop_size(gop).max_b_frames(0).bit_rate(bitrate).thread_count(1);
            c.flags(c.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        });
        VideoTrack track = new VideoTrack(
                source.channel(), "h264", width, height, fps, encoder.extradata(), true, false, recording);
        outlets.forEach(o -> o.open(track));
    }

    private void send(Encoder.Output out) {
        VideoPacket packet = new VideoPacket(
                source.channel(),
                out.data(),
                out.pts() * 1_000_000 / TIMEBASE,
                out.dts() * 1_000_000 / TIMEBASE,
                out.keyframe());
        for (VideoOutlet outlet : outlets) {
            outlet.packet(packet, !source.live());
        }
    }

    @Override
    protected void finish() throws Exception {
        if (encoder != null) {
            encoder.encode(null, this::send);
        }
        outlets.forEach(o -> o.close(source.channel()));
    }

    @Override
    protected void release() {
        if (encoder != null) {
            encoder.close();
        }
        converter.close();
    }
}
