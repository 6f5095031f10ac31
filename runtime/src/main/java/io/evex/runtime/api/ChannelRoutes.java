package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoInput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /channels}, {@code /channels/{id}} and {@code /channels/{id}/probe}. */
final class ChannelRoutes {

    private final Auth auth;
    private final LiveFrames live;

    ChannelRoutes(Auth auth, LiveFrames live) {
        this.auth = auth;
        this.live = live;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels", this::list);
        routes.get(Api.BASE + "/channels/{id}", ctx -> {
            Channel c = live.channel(ctx.pathParam("id"));
            auth.channel(ctx, c.name());
            Json.send(ctx, 200, describe(c));
        });
        routes.get(Api.BASE + "/channels/{id}/probe", ctx -> {
            Channel c = live.channel(ctx.pathParam("id"));
            auth.channel(ctx, c.name());
            Json.send(ctx, 200, probe(c));
        });
    }

    private void list(Context ctx) {
        Access access = auth.require(ctx);
        ArrayNode list = Json.array();
        for (Channel c : live.all()) {
            if (auth.reaches(access, c.name())) {
                list.add(describe(c));
            }
        }
        ObjectNode body = Json.object();
        body.set("channels", list);
        Json.send(ctx, 200, body);
    }

    static ObjectNode describe(Channel c) {
        ObjectNode o = Json.object();
        o.put("id", c.name()).put("url", VideoInput.redact(c.settings().url()));
        o.put("state", c.state().name().toLowerCase()).put("reason", c.reason());
        o.put("online", c.state() == Channel.State.ONLINE);
        StreamInfo info = c.info();
        if (info != null) {
            o.put("codec", info.codec()).put("width", info.width()).put("height", info.height());
            o.put("fps", info.fps());
        }
        o.put("frames", c.framesDecoded()).put("reconnects", c.reconnects());
        return o;
    }

    static ObjectNode probe(Channel c) {
        ObjectNode o = Json.object();
        o.put("id", c.name());
        o.put("online", c.state() == Channel.State.ONLINE)
                .put("state", c.state().name().toLowerCase());
        StreamInfo info = c.info();
        if (info != null) {
            o.put("codec", info.codec()).put("width", info.width()).put("height", info.height());
            o.put("fps", info.fps());
        }
        FrameCache cache = c.cache();
        long start = cache.oldestMillis();
        long end = cache.newestMillis();
        o.put("cache_frames", cache.size());
        if (start > 0) {
            o.put("cache_start_ms", start).put("cache_end_ms", end);
            o.put("cache_duration_s", Math.round((end - start) / 10.0) / 100.0);
            // the same span by the names of Chrysalis's ProbeInfo, so code written against its SDK reads it
            o.put("start_timestamp", start).put("end_timestamp", end);
            o.put("duration", Math.round((end - start) / 10.0) / 100.0);
        }
        if (end > 0) {
            o.put("last_frame_ms", end).put("last_frame_age_ms", Math.max(0, System.currentTimeMillis() - end));
        }
        return o;
    }

    /** A channel the request may see, or 401/403/404. */
    static Channel reachable(Auth auth, LiveFrames live, Context ctx) {
        Channel c = live.channel(ctx.pathParam("id"));
        auth.channel(ctx, c.name());
        return c;
    }

    static ApiException notInCache(Channel c, String what) {
        FrameCache cache = c.cache();
        return ApiException.notFound("channel '" + c.name() + "' keeps no " + what
                + (cache.size() == 0
                        ? " (its cache is empty)"
                        : " (it holds " + cache.oldestMillis() + " to " + cache.newestMillis() + ")"));
    }
}
