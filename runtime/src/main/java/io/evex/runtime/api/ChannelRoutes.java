package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoInput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

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
        routes.get(Api.BASE + "/channels/{id}", ctx -> Json.send(ctx, 200, describe(reachable(auth, live, ctx))));
        routes.get(Api.BASE + "/channels/{id}/probe", ctx -> Json.send(ctx, 200, probe(reachable(auth, live, ctx))));
    }

    private void list(Context ctx) {
        Access access = auth.require(ctx);
        List<ChannelView> list = new ArrayList<>();
        for (Channel c : live.all()) {
            if (auth.reaches(access, c.name())) {
                list.add(describe(c));
            }
        }
        Json.send(ctx, 200, new Channels(list));
    }

    /** A channel as {@code GET /channels} and {@code /channels/{id}} show it; the stream's facts once it is open. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChannelView(
            String id,
            String url,
            String state,
            String reason,
            boolean online,
            String codec,
            Integer width,
            Integer height,
            Double fps,
            long frames,
            long reconnects) {}

    record Channels(List<ChannelView> channels) {}

    /**
     * {@code GET /channels/{id}/probe}: the stream, and the span the frame cache holds — also by
     * the names of Chrysalis's {@code ProbeInfo} ({@code start_timestamp}, {@code end_timestamp},
     * {@code duration}), so code written against its SDK reads it unchanged.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Probe(
            String id,
            boolean online,
            String state,
            String codec,
            Integer width,
            Integer height,
            Double fps,
            int cacheFrames,
            Long cacheStartMs,
            Long cacheEndMs,
            Double cacheDurationS,
            Long startTimestamp,
            Long endTimestamp,
            Double duration,
            Long lastFrameMs,
            Long lastFrameAgeMs) {}

    static ChannelView describe(Channel c) {
        StreamInfo info = c.info();
        return new ChannelView(
                c.name(),
                VideoInput.redact(c.settings().url()),
                c.state().name().toLowerCase(),
                c.reason(),
                c.state() == Channel.State.ONLINE,
                info == null ? null : info.codec(),
                info == null ? null : info.width(),
                info == null ? null : info.height(),
                info == null ? null : info.fps(),
                c.framesDecoded(),
                c.reconnects());
    }

    static Probe probe(Channel c) {
        StreamInfo info = c.info();
        FrameCache cache = c.cache();
        long start = cache.oldestMillis();
        long end = cache.newestMillis();
        Long from = start > 0 ? start : null;
        Long to = start > 0 ? end : null;
        Double seconds = start > 0 ? Math.round((end - start) / 10.0) / 100.0 : null;
        return new Probe(
                c.name(),
                c.state() == Channel.State.ONLINE,
                c.state().name().toLowerCase(),
                info == null ? null : info.codec(),
                info == null ? null : info.width(),
                info == null ? null : info.height(),
                info == null ? null : info.fps(),
                cache.size(),
                from,
                to,
                seconds,
                from,
                to,
                seconds,
                end > 0 ? end : null,
                end > 0 ? Math.max(0, System.currentTimeMillis() - end) : null);
    }

    /** A channel the request may see, or 401/403/404. */
    /**
     * The channel the path names, to a token that may view it. The token is checked first, by name:
     * 401 without one and 403 outside its reach whether the channel exists or not, so that names
     * are told only to those who may see them.
     */
    static Channel reachable(Auth auth, LiveFrames live, Context ctx) {
        return reachable(auth, live, ctx, Access.Permission.VIEW);
    }

    /** The same, for a token that may do {@code what} there. */
    static Channel reachable(Auth auth, LiveFrames live, Context ctx, Access.Permission what) {
        auth.channel(ctx, ctx.pathParam("id"), what);
        return live.channel(ctx.pathParam("id"));
    }

    static ApiException notInCache(Channel c, String what) {
        FrameCache cache = c.cache();
        return ApiException.notFound("channel '" + c.name() + "' keeps no " + what
                + (cache.size() == 0
                        ? " (its cache is empty)"
                        : " (it holds " + cache.oldestMillis() + " to " + cache.newestMillis() + ")"));
    }
}
