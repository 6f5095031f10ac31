package io.evex.exporters.media.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTSP server on one TCP port (and one UDP port pair for RTP/RTCP), serving every stream mounted
 * on it by topic. Several exporters may share a port: the server is started by the first and
 * stopped when the last lets go. Sessions time out after {@value #SESSION_TIMEOUT_SECONDS} s without
 * a request or receiver report (a TCP client's session ends with its connection); sender reports
 * go out every {@value #REPORT_SECONDS} s.
 */
public final class RtspServer {

    static final int SESSION_TIMEOUT_SECONDS = 60;
    static final int REPORT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);
    private static final Map<String, RtspServer> RUNNING = new HashMap<>();

    private final String key;
    private final EventLoopGroup group;
    private final Channel listener;
    private final int port;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final Map<String, RtspStream> streams = new ConcurrentHashMap<>();
    private final Map<String, RtspSession> sessions = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, RtspSession> byRtcpAddress = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> housekeeping;
    private final AtomicLong authFailures = new AtomicLong();
    private final RtspLimits limits;
    private final io.evex.api.auth.LoginThrottle throttle;
    private final java.util.concurrent.atomic.AtomicInteger connections =
            new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private int users;
    private long lastReport;

    /** The server on {@code bind:port} with the default limits. */
    public static RtspServer acquire(String bind, int port) throws IOException {
        return acquire(bind, port, RtspLimits.DEFAULT);
    }

    /**
     * The server on {@code bind:port}, started with {@code limits} if none runs there yet (else it
     * keeps those it started with); {@link #release()} it when done.
     */
    static synchronized RtspServer acquire(String bind, int port, RtspLimits limits) throws IOException {
        String key = bind + ":" + port;
        RtspServer server = RUNNING.get(key);
        if (server == null) {
            server = new RtspServer(key, bind, port, limits);
            if (port != 0) {
                RUNNING.put(key, server);
            }
        }
        server.users++;
        return server;
    }

    private RtspServer(String key, String bind, int port, RtspLimits limits) throws IOException {
        this.key = key;
        this.limits = limits;
        this.throttle = limits.throttle();
        this.group = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("evex-rtsp", true), NioIoHandler.newFactory());
        try {
            ServerBootstrap tcp = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // A fixed, modest kernel buffer: a slow client falls behind by a fraction of a
                    // second at most before it loses frames, rather than by megabytes of old video.
                    .childOption(ChannelOption.SO_SNDBUF, 256 << 10)
                    // A client this far behind loses frames up to the next key frame (RtspSession).
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            boolean over = connections.incrementAndGet() > limits.maxConnections();
                            ch.closeFuture().addListener(f -> connections.decrementAndGet());
                            if (over) {
                                connectionsRefused.incrementAndGet();
                            }
                            ch.pipeline()
                                    .addLast(new io.netty.handler.timeout.IdleStateHandler(
                                            limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                    .addLast(new InterleavedSplitter())
                                    .addLast(new RtspDecoder())
                                    .addLast(new HttpObjectAggregator(64 << 10))
                                    .addLast(new RtspEncoder())
                                    .addLast(new RtspRequestHandler(RtspServer.this, over));
                        }
                    });
            this.listener = bindTcp(tcp, bind, port);
            this.port = ((InetSocketAddress) listener.localAddress()).getPort();
            DatagramChannel[] pair = bindUdpPair(bind);
            this.rtp = pair[0];
            this.rtcp = pair[1];
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.housekeeping = group.next().scheduleAtFixedRate(this::housekeeping, 1, 1, TimeUnit.SECONDS);
        LOG.info(
                "RTSP server on {} (RTP/RTCP over UDP on ports {}-{})",
                listener.localAddress(),
                rtp.localAddress().getPort(),
                rtcp.localAddress().getPort());
    }

    private Channel bindTcp(ServerBootstrap tcp, String bind, int port) throws IOException {
        try {
            return tcp.bind(bind, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding RTSP port " + port, e);
        } catch (Exception e) {
            throw new IOException("cannot serve RTSP on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** RTP on an even port and RTCP on the next one, as RFC 3550 section 11 asks. */
    private DatagramChannel[] bindUdpPair(String bind) throws IOException {
        Bootstrap udp =
                new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(new ReceiverReports());
        Exception last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel first = null;
            try {
                first = (DatagramChannel) udp.bind(bind, 0).sync().channel();
                int p = first.localAddress().getPort();
                if (p % 2 == 0 && p < 65535) {
                    DatagramChannel second =
                            (DatagramChannel) udp.bind(bind, p + 1).sync().channel();
                    return new DatagramChannel[] {first, second};
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while binding RTP ports", e);
            } catch (Exception e) {
                last = e; // the next port was taken: try another pair
            }
            if (first != null) {
                first.close();
            }
        }
        throw new IOException("found no free even/odd UDP port pair for RTP/RTCP on " + bind
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Notes that a UDP client is alive when its RTCP receiver report arrives; both UDP channels share it. */
    @ChannelHandler.Sharable
    private final class ReceiverReports extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            RtspSession s = byRtcpAddress.get(packet.sender());
            if (s != null) {
                s.seen();
            }
        }
    }

    /** The TCP port clients connect to. */
    public int port() {
        return port;
    }

    /** Serves a stream at its topic; refused when another stream has it. */
    void mount(RtspStream stream) {
        RtspStream old = streams.putIfAbsent(stream.topic, stream);
        if (old != null && old != stream) {
            throw new IllegalStateException("the RTSP topic '" + stream.topic + "' on port " + port()
                    + " is already served (give each exporter or channel its own topic)");
        }
    }

    void unmount(RtspStream stream) {
        if (streams.remove(stream.topic, stream)) {
            for (RtspSession s : stream.sessions()) {
                closeSession(s);
            }
            stream.close();
        }
    }

    /**
     * The stream a request URL's path names: the longest mounted topic the path starts with
     * (SETUP and PLAY add {@code /trackID=0} or a trailing slash).
     */
    RtspStream find(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        while (true) {
            String trimmed = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            RtspStream s = streams.get(trimmed);
            if (s != null) {
                return s;
            }
            int slash = trimmed.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            p = trimmed.substring(0, slash);
        }
    }

    private static final java.security.SecureRandom IDS = new java.security.SecureRandom();

    RtspSession newSession(RtspStream stream, String remote) {
        String id;
        do {
            // 128 unguessable bits: a session id is what PLAY and TEARDOWN name.
            id = String.format("%016x%016x", IDS.nextLong(), IDS.nextLong());
        } while (sessions.containsKey(id));
        RtspSession s = new RtspSession(id, stream, remote);
        sessions.put(id, s);
        return s;
    }

    RtspSession session(String id) {
        return id == null ? null : sessions.get(id);
    }

    /** Gives a UDP session its transport through the server's port pair. */
    RtspSession.Udp udp(RtspSession session, InetSocketAddress rtpTo, InetSocketAddress rtcpTo) {
        byRtcpAddress.put(rtcpTo, session);
        return new RtspSession.Udp(rtp, rtcp, rtpTo, rtcpTo);
    }

    void closeSession(RtspSession s) {
        sessions.remove(s.id, s);
        if (s.transport() instanceof RtspSession.Udp u) {
            byRtcpAddress.remove(u.rtcpTo(), s);
        }
        if (s.metadataTransport() instanceof RtspSession.Udp u) {
            byRtcpAddress.remove(u.rtcpTo(), s);
        }
        s.stream.remove(s);
    }

    void authFailed() {
        authFailures.incrementAndGet();
    }

    long authFailures() {
        return authFailures.get();
    }

    /** A stream of this server that needs a login, or null when none does. */
    RtspStream anyGuarded() {
        return streams.values().stream()
                .filter(s -> s.auth.required())
                .findFirst()
                .orElse(null);
    }

    RtspLimits limits() {
        return limits;
    }

    /** Failed logins per client address. */
    io.evex.api.auth.LoginThrottle throttle() {
        return throttle;
    }

    int connections() {
        return connections.get();
    }

    long connectionsRefused() {
        return connectionsRefused.get();
    }

    private void housekeeping() {
        long now = System.nanoTime();
        for (RtspSession s : sessions.values()) {
            boolean tcp = s.transport() != null && s.transport().tcp();
            if (!tcp && s.idleNanos() > TimeUnit.SECONDS.toNanos(SESSION_TIMEOUT_SECONDS)) {
                LOG.info("RTSP session {} of {} timed out", s.id, s.remote);
                closeSession(s);
            }
        }
        if (now - lastReport >= TimeUnit.SECONDS.toNanos(REPORT_SECONDS)) {
            lastReport = now;
            streams.values().forEach(RtspStream::sendReports);
        }
    }

    /** Lets go of the server; the last user stops it. */
    public void release() {
        synchronized (RtspServer.class) {
            if (--users > 0) {
                return;
            }
            RUNNING.remove(key, this);
        }
        housekeeping.cancel(false);
        streams.values().forEach(this::unmount);
        listener.close().awaitUninterruptibly(2_000);
        rtp.close();
        rtcp.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        LOG.info("RTSP server on port {} stopped", port());
    }
}
