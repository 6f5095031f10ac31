package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.clips.ClipMaker;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A channel's event clips: {@code GET /channels/{id}/clips?from&to&limit} lists their {@code clip}
 * events (newest first), {@code clips/{clip}.mp4} serves the video (with ranges, so that a
 * {@code <video>} seeks in it) and {@code clips/{clip}.jpg} the snapshot.
 */
final class ClipRoutes {

    private final Auth auth;
    private final LiveFrames live;
    private final Supplier<ClipMaker> clips;

    ClipRoutes(Auth auth, LiveFrames live, Supplier<ClipMaker> clips) {
        this.auth = auth;
        this.live = live;
        this.clips = clips;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/clips", this::list);
        routes.get(Api.BASE + "/channels/{id}/clips/{file}", this::file);
    }

    record Clips(String channel, List<ObjectNode> clips) {}

    private void list(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, 0, now, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", 100, 1, 1000);
        ClipMaker maker = clips.get();
        Json.send(ctx, 200, new Clips(c.name(), maker == null ? List.of() : maker.list(c, range[0], range[1], limit)));
    }

    private void file(Context ctx) throws IOException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        String name = ctx.pathParam("file");
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot + 1) : "";
        if (!ext.equals("mp4") && !ext.equals("jpg")) {
            throw ApiException.notFound("a clip is {clip_id}.mp4 or {clip_id}.jpg, not '" + name + "'");
        }
        ClipMaker maker = clips.get();
        Path file = (maker == null ? java.util.Optional.<Path>empty() : maker.file(c, name.substring(0, dot), ext))
                .orElseThrow(() -> ApiException.notFound("channel '" + c.name() + "' has no clip file '" + name + "'"));
        ctx.header("Cache-Control", "private, max-age=86400"); // a clip never changes once written
        if (ext.equals("jpg")) {
            ctx.contentType("image/jpeg").result(Files.readAllBytes(file));
            return;
        }
        ctx.header("Content-Disposition", "inline; filename=\"" + c.name() + "-" + name + "\"");
        InputStream in = Files.newInputStream(file);
        ctx.writeSeekableStream(in, "video/mp4", Files.size(file));
    }
}
