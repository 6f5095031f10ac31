package io.evex.runtime.api;

import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.video.Channel;
import io.evex.runtime.video.ClipWriter;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Video of a channel: {@code clip.mp4} (any span the frame cache holds, the camera's own packets
 * put into an MP4 — no re-encoding) and {@code live.mjpeg} (a multipart JPEG preview, one producer
 * per channel, size and rate for every viewer).
 */
final class MediaRoutes {

    private final Auth auth;
    private final LiveFrames live;
    private final MjpegHub previews;

    MediaRoutes(Auth auth, LiveFrames live, MjpegHub previews) {
        this.auth = auth;
        this.live = live;
        this.previews = previews;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/clip.mp4", this::clip);
        routes.get(Api.BASE + "/channels/{id}/live.mjpeg", this::mjpeg);
    }

    private void clip(Context ctx) throws IOException, VideoException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 10_000, now, 600_000);
        FrameCache.Span span = c.cache().span(range[0], range[1]);
        StreamInfo info = c.info();
        if (span == null || info == null) {
            throw ChannelRoutes.notInCache(c, "video from " + range[0] + " to " + range[1]);
        }
        if ("wrapped_avframe".equals(span.codec())) {
            throw new ApiException(
                    409, "no_packets", "channel '" + c.name() + "' has no compressed video to cut", null);
        }
        Path file = Files.createTempFile("evex-clip-", ".mp4");
        try {
            ClipWriter.write(span, info.width(), info.height(), info.fps(), file);
            ctx.contentType("video/mp4");
            ctx.header("Content-Disposition", "inline; filename=\"" + c.name() + "-" + range[0] + ".mp4\"");
            ctx.header("X-Clip-Start", Long.toString(span.packets().get(0).epochMillis()));
            ctx.header("X-Clip-Frames", Integer.toString(span.packets().size()));
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
        double fps = Params.rate(ctx, "fps", 5, 30);
        PictureForm form = PictureForm.of(
                "jpg",
                Params.optional(ctx, "width", 0, Integer.MAX_VALUE),
                Params.optional(ctx, "height", 0, Integer.MAX_VALUE),
                Params.flag(ctx, "annotated"));
        live.live(c).release(); // 503 now rather than an empty stream, when the channel is not live
        MjpegHub.Feed feed = new MjpegHub.Feed(c.name(), form, fps);
        MjpegHub.Viewer viewer = previews.watch(feed, c);
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
        }
    }
}
