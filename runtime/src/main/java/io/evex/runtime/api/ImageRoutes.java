package io.evex.runtime.api;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.media.StillEncoder;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Pictures of a channel: {@code image} (latest, or at a time from the frame cache), {@code images}
 * (past frames at a chosen rate, as a multipart stream or a zip) and {@code next-image} (a long
 * poll; a named consumer never gets the same frame twice).
 */
final class ImageRoutes {

    /** Multipart boundary of {@code images} and {@code live.mjpeg}. */
    static final String BOUNDARY = "evexframe";

    private final Auth auth;
    private final LiveFrames live;
    private final PictureCache pictures;
    /** Per channel and consumer name: the last frame handed out. */
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();

    ImageRoutes(Auth auth, LiveFrames live, PictureCache pictures) {
        this.auth = auth;
        this.live = live;
        this.pictures = pictures;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/image", this::image);
        routes.get(Api.BASE + "/channels/{id}/images", this::images);
        routes.get(Api.BASE + "/channels/{id}/next-image", this::nextImage);
    }

    /**
     * The latest frame of the channel named in the path once it is live, waiting at most {@code
     * waitMs} (through a restart, where the channel is replaced); null when none came in time.
     */
    private VideoFrame liveWithin(Context ctx, long waitMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMs;
        while (true) {
            try {
                return live.live(live.channel(ctx.pathParam("id")));
            } catch (ApiException notNow) {
                if (System.currentTimeMillis() >= deadline) {
                    return null;
                }
                Thread.sleep(100);
            }
        }
    }

    static PictureForm form(Context ctx) {
        return PictureForm.of(
                ctx.queryParam("format"),
                Params.optional(ctx, "width", 0, Integer.MAX_VALUE),
                Params.optional(ctx, "height", 0, Integer.MAX_VALUE),
                Params.flag(ctx, "annotated"));
    }

    private void image(Context ctx) throws VideoException, InterruptedException {
        String at = ctx.queryParam("at");
        boolean latest = at == null || at.isEmpty() || at.equals("latest");
        long waitMs = latest ? Params.number(ctx, "wait_ms", 0, 0, 30_000) : 0;
        if (waitMs > 0) {
            auth.channel(ctx, ctx.pathParam("id")); // the channel itself may be between two lives (a restart)
            try (var slot = auth.streams().take(ctx)) { // a wait holds a thread
                image(ctx, at, latest, waitMs, null);
            }
            return;
        }
        image(ctx, at, latest, 0, ChannelRoutes.reachable(auth, live, ctx));
    }

    private void image(Context ctx, String at, boolean latest, long waitMs, Channel c)
            throws VideoException, InterruptedException {
        PictureForm form = form(ctx);
        Picture p;
        if (latest) {
            VideoFrame frame = waitMs == 0 ? live.live(c) : liveWithin(ctx, waitMs);
            if (frame == null) {
                ctx.status(204); // nothing live within the wait: ask again (a viewer, not an error)
                return;
            }
            try {
                p = pictures.picture(frame, form);
            } finally {
                frame.release();
            }
            if (p.etag().equals(ctx.header("If-None-Match"))) {
                headers(ctx, p);
                ctx.status(304);
                return;
            }
        } else {
            long t = Params.number(ctx, "at", 0, 0, Long.MAX_VALUE);
            VideoFrame frame = c.cache().at(t);
            if (frame == null) {
                throw ChannelRoutes.notInCache(c, "frame at " + t);
            }
            try {
                p = pictures.encodeOnce(frame, form);
            } finally {
                frame.release();
            }
        }
        headers(ctx, p);
        ctx.contentType(p.contentType()).result(p.bytes());
    }

    static void headers(Context ctx, Picture p) {
        ctx.header("ETag", p.etag());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Frame-Id", Long.toString(p.frameId()));
        ctx.header("X-Frame-Timestamp", Long.toString(p.epochMillis()));
        ctx.header("X-Frame-Age-Ms", Long.toString(Math.max(0, System.currentTimeMillis() - p.epochMillis())));
    }

    private void images(Context ctx) throws IOException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        PictureForm form = form(ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 10_000, now, 300_000);
        double rate = Params.rate(ctx, "rate", 1, 60);
        String as = ctx.queryParam("as") == null ? "multipart" : ctx.queryParam("as");
        if (!as.equals("multipart") && !as.equals("zip")) {
            throw ApiException.badRequest("as", "as must be multipart or zip, not '" + as + "'");
        }
        if (c.cache().span(range[0], range[1]) == null) {
            throw ChannelRoutes.notInCache(c, "frames from " + range[0] + " to " + range[1]);
        }
        boolean zip = as.equals("zip");
        ctx.contentType(zip ? "application/zip" : "multipart/mixed; boundary=" + BOUNDARY);
        if (zip) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + c.name() + "-" + range[0] + ".zip\"");
        }
        OutputStream raw = ctx.outputStream();
        ZipOutputStream archive = zip ? new ZipOutputStream(raw) : null;
        long step = Math.round(1000 / rate);
        long[] next = {range[0]};
        try (StillEncoder encoder = new StillEncoder(form.format(), 85)) {
            c.cache().each(range[0], range[1], frame -> {
                if (frame.epochMillis() < next[0]) {
                    return true;
                }
                next[0] = frame.epochMillis() + step;
                try {
                    Picture p = pictures.encode(encoder, frame, form);
                    if (archive != null) {
                        archive.putNextEntry(new ZipEntry(p.epochMillis() + "-" + p.frameId() + "." + p.format()));
                        archive.write(p.bytes());
                        archive.closeEntry();
                    } else {
                        part(raw, p);
                    }
                    return true;
                } catch (IOException | VideoException e) {
                    return false; // the client went away, or the frame would not encode
                }
            });
        }
        if (archive != null) {
            archive.finish();
        } else {
            raw.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        raw.flush();
    }

    /** Writes one part of a multipart picture stream, with the frame's id and time stamp. */
    static void part(OutputStream out, Picture p) throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Type: " + p.contentType() + "\r\nContent-Length: "
                + p.bytes().length + "\r\nX-Frame-Id: " + p.frameId() + "\r\nX-Frame-Timestamp: " + p.epochMillis()
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(p.bytes());
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void nextImage(Context ctx) throws Exception {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        try (var slot = auth.streams().take(ctx)) { // a long poll holds a thread while it waits
            waitForNext(ctx, c);
        }
    }

    private void waitForNext(Context ctx, Channel c) throws Exception {
        PictureForm form = form(ctx);
        long after = Params.number(ctx, "after", 0, 0, Long.MAX_VALUE);
        long timeout = Params.number(ctx, "timeout_ms", 10_000, 0, 60_000);
        String consumer = ctx.queryParam("consumer");
        if (consumer != null && !consumer.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw ApiException.badRequest(
                    "consumer", "consumer must be 1-64 letters, digits or _.:- , not '" + consumer + "'");
        }
        String key = c.name() + "/" + consumer;
        long deadline = System.currentTimeMillis() + timeout;
        while (true) {
            if (c.state() == Channel.State.ONLINE) {
                VideoFrame frame = c.cache().latest();
                if (frame != null) {
                    try {
                        if (frame.epochMillis() > after) {
                            Picture p = pictures.picture(frame, form); // this frame's, or a newer one's
                            if (claim(consumer, key, p.frameId())) {
                                headers(ctx, p);
                                ctx.contentType(p.contentType()).result(p.bytes());
                                return;
                            }
                        }
                    } finally {
                        frame.release();
                    }
                }
            } else if (c.state() != Channel.State.STARTING && c.state() != Channel.State.RECONNECTING) {
                live.live(c); // says why there is nothing (503 with the state)
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                ctx.status(204);
                return;
            }
            c.cache().awaitNews(Math.min(left, 500));
        }
    }

    /** Whether the consumer takes frame {@code id} (it had none as new, and no other request of its took it). */
    private boolean claim(String consumer, String key, long id) {
        if (consumer == null) {
            return true;
        }
        boolean[] taken = {false};
        cursors.compute(key, (k, last) -> {
            if (last == null || id > last) {
                taken[0] = true;
                return id;
            }
            return last;
        });
        return taken[0];
    }
}
