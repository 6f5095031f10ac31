package io.evex.runtime.api;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelVideo;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.StreamSlots;
import io.evex.runtime.video.ClipWriter;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.RecordingReader;
import io.evex.runtime.video.VideoException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Video of a channel: {@code clip.mp4} (any span the frame cache holds — the camera's own packets
 * put into an MP4 — or, for what the cache no longer holds, the MP4 recordings; no re-encoding
 * either way) and {@code live.mjpeg} (a multipart JPEG preview, one producer per channel, size and
 * rate for every viewer).
 */
final class MediaRoutes {

    /** At most this many packets in one clip (10 minutes at 50 fps). */
    static final int MAX_PACKETS = 30_000;

    private final Auth auth;
    private final LiveFrames live;
    private final MjpegHub previews;
    private final Function<String, List<RecordingReader.Source>> recordings;

    /** @param recordings a channel's recorded files, oldest first */
    MediaRoutes(
            Auth auth, LiveFrames live, MjpegHub previews, Function<String, List<RecordingReader.Source>> recordings) {
        this.auth = auth;
        this.live = live;
        this.previews = previews;
        this.recordings = recordings;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/clip.mp4", this::clip);
        routes.get(Api.BASE + "/channels/{id}/live.mjpeg", this::mjpeg);
    }

    private void clip(Context ctx) throws IOException, VideoException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 10_000, now, 600_000);
        List<RecordingReader.Source> files = recordings.apply(c.name());
        ChannelVideo.Found found = ChannelVideo.find(c, files, range[0], range[1], MAX_PACKETS);
        if (found == null || found.shape() == null) {
            long oldest = c.cache().oldestMillis();
            throw ApiException.notFound("channel '" + c.name() + "' keeps no video from " + range[0] + " to "
                    + range[1] + " (cache " + (oldest > 0 ? "from " + oldest : "empty") + ", "
                    + files.size() + " recordings)");
        }
        FrameCache.Span span = found.span();
        RecordingReader.Shape shape = found.shape();
        String source = found.source();
        Path file = Files.createTempFile("evex-clip-", ".mp4");
        try {
            ClipWriter.write(span, shape.width(), shape.height(), shape.fps(), file);
            ctx.contentType("video/mp4");
            ctx.header("Content-Disposition", "inline; filename=\"" + c.name() + "-" + range[0] + ".mp4\"");
            ctx.header("X-Clip-Start", Long.toString(span.packets().get(0).epochMillis()));
            ctx.header("X-Clip-Frames", Integer.toString(span.packets().size()));
            ctx.header("X-Clip-Source", source);
            ctx.res().setContentLengthLong(Files.size(file));
            try (OutputStream out = ctx.outputStream()) {
                Files.copy(file, out);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void mjpeg(Context ctx) throws IOException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        double fps = MjpegHub.rate(Params.rate(ctx, "fps", 5, 30));
        PictureForm form = PictureForm.of(
                "jpg",
                Params.optional(ctx, "width", 0, Integer.MAX_VALUE),
                Params.optional(ctx, "height", 0, Integer.MAX_VALUE),
                Params.flag(ctx, "annotated"));
        live.live(c).release(); // 503 now rather than an empty stream, when the channel is not live
        StreamSlots.Slot slot = auth.streams().take(ctx);
        MjpegHub.Feed feed = new MjpegHub.Feed(c.name(), form, fps);
        MjpegHub.Viewer viewer;
        try {
            viewer = previews.watch(feed, c);
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        ctx.contentType("multipart/x-mixed-replace; boundary=" + ImageRoutes.BOUNDARY);
        ctx.header("Cache-Control", "no-cache");
        OutputStream out = ctx.outputStream();
        try {
            while (!viewer.ended()) {
                Picture p = viewer.take(5000);
                if (p != null) {
                    ImageRoutes.part(out, p);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the viewer went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            previews.leave(feed, viewer);
            slot.close();
        }
    }
}
