package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.Cors;
import io.evex.runtime.http.StreamSlots;
import io.evex.runtime.live.LiveVideo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live video for browsers: {@code /channels/{id}/live.mp4} as a WebSocket (Media Source Extensions:
 * a JSON text message naming the stream and its codec, then binary fMP4) or as one plain HTTP
 * response (players), and {@code /live}, one WebSocket carrying many channels for a grid. A
 * browser cannot put a header on a WebSocket, so its token comes as the first message rather than
 * in the URL; nothing but the refusal is sent before it is checked.
 */
final class LiveRoutes {

    static final String PATH = Api.BASE + "/channels/{id}/live.mp4";
    static final String MUX = Api.BASE + "/live";
    /** A socket that has not sent its token by then is closed. */
    private static final long TOKEN_WAIT_MS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS = "evex.live.access";

    private final Auth auth;
    private final LiveFrames frames;
    private final LiveVideo source;
    private final LiveVideo annotated;
    private final List<String> origins;
    private final Map<String, LiveSocket> sockets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-token-wait");
        t.setDaemon(true);
        return t;
    });

    LiveRoutes(Auth auth, LiveFrames frames, LiveVideo source, LiveVideo annotated, List<String> origins) {
        this.auth = auth;
        this.frames = frames;
        this.source = source;
        this.annotated = annotated;
        this.origins = origins;
    }

    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, ctx -> beforeUpgrade(ctx, true));
        routes.ws(PATH, ws -> socket(ws, false));
        routes.wsBeforeUpgrade(MUX, ctx -> beforeUpgrade(ctx, false));
        routes.ws(MUX, ws -> socket(ws, true));
        routes.get(PATH, this::stream);
        routes.options(PATH, this::preflight);
    }

    /**
     * Before the upgrade: a page from a foreign origin is refused (unless {@code http.allowed_origins}
     * names it), an unknown channel is 404, and a token given in a header or {@code ?token=} is
     * checked now (401/403 as on every route); without one, the socket waits for its first message.
     */
    private void beforeUpgrade(Context ctx, boolean single) {
        if (!originAllowed(ctx)) {
            throw ApiException.forbidden("pages from " + ctx.header("Origin")
                    + " may not open live video here; the admin can add the origin to http.allowed_origins");
        }
        if (single) {
            frames.channel(ctx.pathParam("id"));
        }
        if (Auth.token(ctx) != null || auth.open()) {
            Access access = single ? auth.channel(ctx, ctx.pathParam("id")) : auth.require(ctx);
            ctx.attribute(ACCESS, access);
        }
    }

    private void socket(WsConfig ws, boolean mux) {
        ws.onConnect(ctx -> {
            LiveSocket socket = new LiveSocket(ctx.session, mux);
            sockets.put(ctx.sessionId(), socket);
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS); // offline channels send nothing for a while
            Access given = ctx.attribute(ACCESS);
            if (given != null) {
                socket.authorise(given);
                if (!mux) {
                    socket.watch(ctx.pathParam("id"), video(ctx.queryParam("view")));
                }
            } else {
                timer.schedule(
                        () -> {
                            if (socket.access() == null) {
                                socket.refuse(4401, "no token sent: send {\"token\": \"...\"} first");
                            }
                        },
                        TOKEN_WAIT_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
        ws.onMessage(ctx -> message(ctx, sockets.get(ctx.sessionId()), mux, ctx.message()));
        ws.onClose(ctx -> {
            LiveSocket socket = sockets.remove(ctx.sessionId());
            if (socket != null) {
                socket.closed();
            }
        });
        ws.onError(ctx -> {
            LiveSocket socket = sockets.remove(ctx.sessionId());
            if (socket != null) {
                socket.closed();
            }
        });
    }

    /** {@code {"token": "...", "view": "annotated", "channels": [...]}}: the token first, then (grid) the channels in view. */
    private void message(WsContext ctx, LiveSocket socket, boolean mux, String text) {
        if (socket == null) {
            return;
        }
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            socket.refuse(4400, "messages are JSON objects: {\"token\": \"...\"}");
            return;
        }
        if (socket.access() == null) {
            try {
                socket.authorise(auth.authenticate(m.path("token").textValue(), address(ctx)));
            } catch (ApiException e) {
                socket.refuse(4000 + e.status(), e.getMessage());
                return;
            }
        }
        Access access = socket.access();
        LiveVideo video = video(m.path("view").asText(ctx.queryParam("view")));
        if (!mux) {
            String channel = ctx.pathParam("id");
            if (!auth.reaches(access, channel)) {
                socket.refuse(4403, "this token does not give access to channel '" + channel + "'");
                return;
            }
            socket.watch(channel, video);
            return;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode c : m.path("channels")) {
            String channel = c.asText();
            if (!exists(channel) || !auth.reaches(access, channel)) {
                socket.text(JSON.createObjectNode()
                        .put("type", "refused")
                        .put("channel", channel)
                        .put("message", "no channel '" + channel + "' this token may view")
                        .toString());
                continue;
            }
            wanted.add(channel);
        }
        if (m.has("channels")) {
            socket.keepOnly(wanted);
            wanted.forEach(channel -> socket.watch(channel, video));
        }
    }

    /** The same stream as one HTTP response: ffprobe, ffplay and VLC read it as a (never-ending) MP4. */
    private void stream(Context ctx) throws IOException, InterruptedException {
        Channel c = ChannelRoutes.reachable(auth, frames, ctx);
        Cors.allow(ctx, origins);
        LiveStream viewer = new LiveStream();
        try (StreamSlots.Slot slot = auth.streams().take(ctx);
                LiveVideo.Viewing viewing = video(ctx.queryParam("view")).watch(c.name(), viewer, false)) {
            viewer.serve(ctx);
        }
    }

    /** A page on an allowed origin may send its token in an Authorization header. */
    private void preflight(Context ctx) {
        Cors.allow(ctx, origins);
        ctx.header("Access-Control-Allow-Methods", "GET")
                .header("Access-Control-Allow-Headers", "Authorization")
                .header("Access-Control-Max-Age", "600")
                .status(204);
    }

    /** Same origin, no origin (not a browser), or one the admin listed. */
    private boolean originAllowed(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || Cors.listed(origins, origin)) {
            return true;
        }
        try {
            String host = ctx.header("Host");
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean exists(String channel) {
        try {
            frames.channel(channel);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private LiveVideo video(String view) {
        return "annotated".equals(view) ? annotated : source;
    }

    private static String address(WsContext ctx) {
        return ctx.session.getRemoteSocketAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.session.getRemoteSocketAddress());
    }

    void close() {
        timer.shutdownNow();
    }

    /** Open sockets now (for the status). */
    int sockets() {
        return sockets.size();
    }
}
