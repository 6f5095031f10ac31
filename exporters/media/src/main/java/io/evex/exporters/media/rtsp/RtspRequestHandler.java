package io.evex.exporters.media.rtsp;

import io.evex.api.auth.Logins;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's RTSP requests (RFC 2326): OPTIONS, DESCRIBE, SETUP (TCP interleaved or
 * UDP unicast), PLAY, PAUSE, TEARDOWN and the GET_PARAMETER / SET_PARAMETER keep-alives. Sessions
 * set up over TCP end with the connection.
 */
final class RtspRequestHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RtspRequestHandler.class);
    private static final String PUBLIC =
            "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    /** How long DESCRIBE waits for a stream that has not yet sent its parameter sets. */
    private static final long READY_WAIT_MS = 5_000;

    private final RtspServer server;
    private final List<RtspSession> mine = new ArrayList<>();
    /** Over {@code max_connections}: every request is answered 503 and the connection closed. */
    private final boolean over;

    RtspRequestHandler(RtspServer server, boolean over) {
        this.server = server;
        this.over = over;
    }

    /** A connection that holds no session and says nothing for {@code idle_timeout} is closed. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof io.netty.handler.timeout.IdleStateEvent && mine.isEmpty()) {
            LOG.debug("RTSP connection from {} idle: closed", remote(ctx));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InterleavedSplitter.Interleaved) {
            mine.forEach(RtspSession::seen); // an RTCP receiver report over TCP
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            return;
        }
        if (request.decoderResult().isFailure()) {
            reply(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        if (over) {
            FullHttpResponse busy = response(request, HttpResponseStatus.SERVICE_UNAVAILABLE);
            busy.headers().set(io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, "5");
            ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE); // max_connections reached
            return;
        }
        try {
            handle(ctx, request);
        } catch (RuntimeException e) {
            LOG.warn("RTSP {} {} from {} failed: {}", request.method(), request.uri(), remote(ctx), e.toString());
            reply(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpMethod method = request.method();
        if (method.equals(RtspMethods.OPTIONS)) {
            FullHttpResponse r = response(request, HttpResponseStatus.OK);
            r.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
            send(ctx, r);
            return;
        }
        RtspSession session = server.session(sessionId(request));
        if (session != null && !mine.contains(session)) {
            // Only the connection that made a session controls it: another one cannot tear it down,
            // pause it or keep it alive, whatever it knows of its id.
            reply(ctx, request, RtspResponseStatuses.SESSION_NOT_FOUND, "unknown session");
            return;
        }
        if (session != null) {
            session.seen();
        }
        if (method.equals(RtspMethods.GET_PARAMETER) || method.equals(RtspMethods.SET_PARAMETER)) {
            keepAlive(ctx, request, session);
            return;
        }
        if (method.equals(RtspMethods.TEARDOWN)) {
            if (session != null) {
                server.closeSession(session);
                mine.remove(session);
            }
            send(ctx, response(request, HttpResponseStatus.OK));
            return;
        }
        String path = path(request.uri());
        RtspStream stream = session != null ? session.stream : server.find(path);
        if (stream == null) {
            noStream(ctx, request, path);
            return;
        }
        if (!authorized(ctx, request, stream)) {
            return;
        }
        if (method.equals(RtspMethods.DESCRIBE)) {
            describe(ctx, request, stream, System.nanoTime());
        } else if (method.equals(RtspMethods.SETUP)) {
            setup(ctx, request, stream, session);
        } else if (method.equals(RtspMethods.PLAY)) {
            play(ctx, request, session);
        } else if (method.equals(RtspMethods.PAUSE)) {
            if (session == null) {
                reply(ctx, request, RtspResponseStatuses.SESSION_NOT_FOUND, "unknown session");
                return;
            }
            session.stream.pause(session);
            send(ctx, withSession(response(request, HttpResponseStatus.OK), session));
        } else {
            FullHttpResponse r = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED);
            r.headers().set(RtspHeaderNames.ALLOW, PUBLIC);
            send(ctx, r);
        }
    }

    /** Without a login, no path is told apart from another: 401 whether it exists or not; else 404. */
    private void noStream(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        RtspStream any = server.anyGuarded();
        if (any == null || authorized(ctx, request, any)) {
            reply(ctx, request, HttpResponseStatus.NOT_FOUND, "no stream at '" + path + "'");
        }
    }

    private void keepAlive(ChannelHandlerContext ctx, FullHttpRequest request, RtspSession session) {
        if (sessionId(request) != null && session == null) {
            reply(ctx, request, RtspResponseStatuses.SESSION_NOT_FOUND, "unknown session");
            return;
        }
        FullHttpResponse r = response(request, HttpResponseStatus.OK);
        if (session != null) {
            withSession(r, session);
        }
        send(ctx, r);
    }

    private boolean authorized(ChannelHandlerContext ctx, FullHttpRequest request, RtspStream stream) {
        String authorization = request.headers().get(RtspHeaderNames.AUTHORIZATION);
        String address = address(ctx);
        long wait = authorization == null || !stream.auth.required()
                ? 0
                : server.throttle().retryAfterSeconds(address);
        if (wait > 0) { // too many wrong logins from this address: no guess is checked until it waits
            FullHttpResponse busy = response(request, HttpResponseStatus.SERVICE_UNAVAILABLE);
            busy.headers().set(io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, Long.toString(wait));
            send(ctx, busy);
            return false;
        }
        Logins.Result result =
                stream.auth.check(request.method().name(), request.uri(), authorization, stream.channel, address);
        if (result == Logins.Result.OK) {
            return true;
        }
        if (result == Logins.Result.WRONG) {
            server.authFailed();
            server.throttle().failed(address);
            LOG.info("RTSP {} of '{}' from {}: wrong credentials", request.method(), stream.topic, remote(ctx));
        }
        FullHttpResponse r = response(request, HttpResponseStatus.UNAUTHORIZED);
        for (String challenge : stream.auth.challenges(result == Logins.Result.STALE, address)) {
            r.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        send(ctx, r);
        return false;
    }

    /** Answers with the SDP once the stream knows its parameter sets (waits up to {@value #READY_WAIT_MS} ms). */
    private void describe(ChannelHandlerContext ctx, FullHttpRequest request, RtspStream stream, long since) {
        if (!stream.ready()) {
            if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(READY_WAIT_MS)) {
                reply(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "the stream has no video yet");
                return;
            }
            request.retain();
            ctx.executor()
                    .schedule(
                            () -> {
                                try {
                                    describe(ctx, request, stream, since);
                                } finally {
                                    request.release();
                                }
                            },
                            100,
                            TimeUnit.MILLISECONDS);
            return;
        }
        String host =
                ((InetSocketAddress) ctx.channel().localAddress()).getAddress().getHostAddress();
        byte[] sdp = stream.sdp(host).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = response(request, HttpResponseStatus.OK, sdp);
        r.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        r.headers().set(RtspHeaderNames.CONTENT_BASE, base(request.uri()));
        send(ctx, r);
    }

    private void setup(ChannelHandlerContext ctx, FullHttpRequest request, RtspStream stream, RtspSession session) {
        String header = request.headers().get(RtspHeaderNames.TRANSPORT);
        TransportSpec spec = TransportSpec.choose(header);
        if (spec == null) {
            reply(
                    ctx,
                    request,
                    RtspResponseStatuses.UNSUPPORTED_TRANSPORT,
                    "unicast RTP/AVP over TCP or UDP only, asked: " + header);
            return;
        }
        boolean metadata = request.uri().contains("trackID=1");
        if (metadata && !stream.metadata) {
            reply(ctx, request, HttpResponseStatus.NOT_FOUND, "this stream has no metadata track");
            return;
        }
        if (session == null) {
            if (mine.size() >= server.limits().sessionsPerConnection()) {
                reply(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "max_sessions_per_connection reached");
                return;
            }
            session = server.newSession(stream, remote(ctx));
            mine.add(session);
        }
        RtspSession.Transport transport;
        if (spec.tcp()) {
            transport = new RtspSession.Tcp(ctx.pipeline().firstContext(), spec.first(), spec.second());
        } else {
            InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            transport = server.udp(
                    session, new InetSocketAddress(client, spec.first()), new InetSocketAddress(client, spec.second()));
        }
        if (metadata) {
            session.metadataTransport(transport);
        } else {
            session.transport(transport);
        }
        FullHttpResponse r = response(request, HttpResponseStatus.OK);
        r.headers()
                .set(RtspHeaderNames.TRANSPORT, transport.describe(metadata ? stream.metadataSsrc() : stream.ssrc()));
        send(ctx, withSession(r, session));
    }

    private void play(ChannelHandlerContext ctx, FullHttpRequest request, RtspSession session) {
        if (session == null || (session.transport() == null && session.metadataTransport() == null)) {
            reply(ctx, request, RtspResponseStatuses.SESSION_NOT_FOUND, "SETUP first");
            return;
        }
        RtspStream.Start start = session.stream.play(session);
        FullHttpResponse r = response(request, HttpResponseStatus.OK);
        r.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        String rtptime = Integer.toUnsignedString(start.rtptime());
        List<String> info = new ArrayList<>(2);
        if (session.transport() != null) {
            info.add("url=" + base(request.uri()) + "trackID=0;seq=" + start.seq() + ";rtptime=" + rtptime);
        }
        if (session.metadataTransport() != null) {
            info.add("url=" + base(request.uri()) + "trackID=1;seq=" + start.metadataSeq() + ";rtptime=" + rtptime);
        }
        r.headers().set(RtspHeaderNames.RTP_INFO, String.join(",", info));
        // Written now, on this connection's loop: the GOP handed to the loop by play() follows it.
        send(ctx, withSession(r, session));
        LOG.info(
                "RTSP client {} plays '{}' over {}",
                session.remote,
                session.stream.topic,
                (session.transport() != null ? session.transport() : session.metadataTransport()).tcp()
                        ? "TCP"
                        : "UDP");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (RtspSession s : mine) {
            RtspSession.Transport t = s.transport() != null ? s.transport() : s.metadataTransport();
            if (t == null || t.tcp()) {
                server.closeSession(s);
            }
        }
        mine.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof DecoderException && cause.getCause() != null
                ? cause.getCause().getMessage()
                : cause.toString();
        LOG.info("RTSP connection from {} closed: {}", remote(ctx), why);
        ctx.close();
    }

    private static String sessionId(FullHttpRequest request) {
        String value = request.headers().get(RtspHeaderNames.SESSION);
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim();
    }

    /** The path of a request URL ({@code rtsp://host:port/path}, or a bare path). */
    static String path(String uri) {
        try {
            String p = URI.create(uri).getRawPath();
            return p == null ? "" : java.net.URLDecoder.decode(p, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    /** The stream's URL with a trailing slash: SDP's {@code a=control:trackID=0} is relative to it. */
    private static String base(String uri) {
        String u = uri;
        int track = u.indexOf("/trackID=");
        if (track >= 0) {
            u = u.substring(0, track);
        }
        return u.endsWith("/") ? u : u + "/";
    }

    private static FullHttpResponse withSession(FullHttpResponse r, RtspSession session) {
        r.headers().set(RtspHeaderNames.SESSION, session.id + ";timeout=" + RtspServer.SESSION_TIMEOUT_SECONDS);
        return r;
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status) {
        return response(request, status, new byte[0]);
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, Unpooled.wrappedBuffer(body));
        HttpHeaders h = r.headers();
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (cseq != null) {
            h.set(RtspHeaderNames.CSEQ, cseq);
        }
        h.set(RtspHeaderNames.SERVER, "Evex");
        h.set(RtspHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    /** An error answer; the reason travels in the status line's phrase only for our logs' sake. */
    private void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String why) {
        LOG.debug("RTSP {} {} from {}: {} ({})", request.method(), request.uri(), remote(ctx), status.code(), why);
        send(ctx, response(request, status));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r) {
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private static String remote(ChannelHandlerContext ctx) {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    /** The client's IP address, without its port. */
    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }
}
