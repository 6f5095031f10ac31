package io.evex.exporters.media.rtsp;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.Settings;
import io.evex.api.Template;
import io.evex.api.auth.LoginSource;
import io.evex.api.auth.Logins;
import io.evex.api.media.AccessUnits;
import io.evex.api.media.FrameObjects;
import io.evex.api.media.ObjectsExporter;
import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import io.evex.api.onvif.OnvifNotifications;
import io.evex.exporters.media.MediaEvent;
import io.evex.exporters.media.VideoSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves each channel at {@code rtsp://host:port/<topic>}. The runtime hands over the channel's
 * packets (the camera's own when size and rate are kept, else one shared encode); they are
 * packetized once per stream and fanned out to every client. While a channel is offline its stream
 * stays up with a "no signal" picture, so players need not reconnect.
 */
final class RtspExporter implements Exporter, VideoExporter, ObjectsExporter, LoginSource {

    /** The no-signal picture's rate: enough for players, cheap to encode. */
    private static final double SLATE_MAX_FPS = 10;

    private ExporterContext context;
    private VideoRequest request;
    private Template topic;
    private volatile Logins auth;
    private String bind;
    private RtspServer server;
    private final Map<String, RtspStream> streams = new ConcurrentHashMap<>();
    private final Map<String, Slate> slates = new ConcurrentHashMap<>();
    private ScheduledExecutorService slateThread;
    private boolean metadata;
    private final OnvifNotifications notifications = new OnvifNotifications();

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        Settings s = ctx.settings();
        this.request = VideoSettings.request(s);
        this.topic = ctx.template(s.getString("topic"));
        this.bind = s.getString("bind");
        this.metadata = s.getBoolean("metadata");
        try {
            this.auth = Logins.of(users(s), ctx.apiTokens().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException(e.getMessage());
        }
        try {
            this.server = RtspServer.acquire(bind, s.getInt("port"), RtspLimits.of(s));
        } catch (IOException e) {
            throw new PermanentExportException(e.getMessage());
        }
        slateThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evex-rtsp-slate-" + ctx.name());
            t.setDaemon(true);
            return t;
        });
        if (metadata) {
            slateThread.scheduleAtFixedRate(this::motionStopped, 1, 1, TimeUnit.SECONDS);
        }
        if (!auth.required()) {
            ctx.logger()
                    .warn(
                            "RTSP streams on port {} are served without a login (users: none): anyone who reaches it"
                                    + " watches them",
                            s.getInt("port"));
        } else {
            ctx.logger()
                    .info(
                            "RTSP clients must log in ({} user(s){})",
                            auth.userCount(),
                            auth.takesTokens() ? ", or any user name with an API token that reaches the channel" : "");
        }
    }

    private static String users(Settings s) throws PermanentExportException {
        String variable = s.getString("users_env");
        if (variable.isEmpty()) {
            return s.getString("users");
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new PermanentExportException("users_env: the environment variable " + variable + " is not set");
        }
        return value;
    }

    /** The users clients log in with (ONVIF lets the same ones in); none before the exporter starts. */
    @Override
    public Logins logins() {
        Logins a = auth;
        return a == null ? new Logins(Map.of()) : a;
    }

    @Override
    public VideoRequest videoRequest() {
        return request;
    }

    /** H.265 cameras are served as they are (RFC 7798), not re-encoded. */
    @Override
    public Set<String> passThroughCodecs() {
        return Set.of("h264", "hevc");
    }

    /** Rule events, for the metadata track: at the time of their frame, on the video's clock. */
    @Override
    public void deliver(Event event) {
        if (!metadata) {
            return;
        }
        RtspStream stream = streams.get(event.channel());
        List<OnvifNotifications.Notification> made = notifications.of(event.json()); // the states, watched or not
        if (stream != null && !made.isEmpty() && stream.metadataWatched()) {
            long pts = Math.round(event.json().path("frame_time").asDouble() * 1e6);
            stream.publishMetadata(OnvifMetadata.events(made), pts);
        }
    }

    /** Each analysed frame's objects, for the metadata track. */
    @Override
    public void objects(FrameObjects frame) {
        RtspStream stream = metadata ? streams.get(frame.channel()) : null;
        if (stream != null && stream.metadataWatched()) {
            stream.publishMetadata(OnvifMetadata.frame(frame), frame.ptsMicros());
        }
    }

    /** Motion alarms go false once a channel has had none for a while: said on the track, now. */
    private void motionStopped() {
        for (OnvifNotifications.Notification n : notifications.quiet(System.currentTimeMillis())) {
            RtspStream stream = streams.get(n.channel());
            if (stream != null && stream.metadataWatched()) {
                stream.publishMetadataNow(OnvifMetadata.events(List.of(n)));
            }
        }
    }

    @Override
    public void open(VideoTrack track) throws ExportException {
        stopSlate(track.channel());
        RtspStream stream = streams.get(track.channel());
        if (stream == null) {
            stream = new RtspStream(topicOf(track.channel()), track.channel(), auth, metadata);
            try {
                server.mount(stream);
            } catch (IllegalStateException e) {
                throw new PermanentExportException(e.getMessage());
            }
            streams.put(track.channel(), stream);
            context.logger().info("serving channel '{}' at {}", track.channel(), url(stream));
        }
        NalUnits.Codec codec;
        try {
            codec = NalUnits.Codec.of(track.codec());
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException("channel '" + track.channel() + "': " + e.getMessage());
        }
        stream.open(
                NalUnits.config(codec, track.extradata(), track.annexB()), track.width(), track.height(), track.fps());
    }

    private String topicOf(String channel) throws ExportException {
        String t = topic.render(new MediaEvent(channel, 0, 0, System.currentTimeMillis(), 0, 0));
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        if (t.isBlank()) {
            throw new PermanentExportException("the topic of channel '" + channel + "' is empty");
        }
        return t;
    }

    @Override
    public void write(VideoPacket packet) {
        RtspStream stream = streams.get(packet.channel());
        if (stream != null) {
            stream.publish(packet.data(), packet.ptsMicros(), packet.keyframe());
            context.counter("packets").increment();
        }
    }

    /** The channel went offline (or its format changes): the stream shows "no signal" until it is back. */
    @Override
    public void close(String channel) {
        RtspStream stream = streams.get(channel);
        if (stream == null || !stream.ready() || stream.width() <= 0 || slateThread.isShutdown()) {
            return;
        }
        double fps = Math.min(SLATE_MAX_FPS, stream.fps() > 0 ? stream.fps() : SLATE_MAX_FPS);
        NoSignalSlate slate;
        try {
            slate = new NoSignalSlate(stream.width(), stream.height(), fps);
        } catch (RuntimeException e) {
            context.logger().warn("channel '{}': no \"no signal\" picture: {}", channel, e.getMessage());
            return;
        }
        long period = Math.round(1_000_000 / fps);
        Runnable tick = () -> {
            NoSignalSlate.Encoded e = slate.next();
            if (e != null) {
                stream.publishSlate(AccessUnits.annexB(e.data()), e.keyframe());
            }
        };
        Slate old = slates.put(
                channel, new Slate(slateThread.scheduleAtFixedRate(tick, 0, period, TimeUnit.MICROSECONDS), slate));
        if (old != null) {
            old.stop(slateThread);
        }
        context.counter("no_signal").increment();
    }

    private void stopSlate(String channel) {
        Slate slate = slates.remove(channel);
        if (slate != null) {
            slate.stop(slateThread);
        }
    }

    /** A running no-signal picture. */
    private record Slate(ScheduledFuture<?> ticks, NoSignalSlate encoder) {

        /** Stops the ticks; the encoder is freed on the slate thread, after a tick that may be running. */
        void stop(ScheduledExecutorService thread) {
            ticks.cancel(false);
            try {
                thread.execute(encoder::close);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                encoder.close(); // the thread has ended: nothing encodes any more
            }
        }
    }

    @Override
    public Optional<URI> viewUrl(String channel) {
        if (server == null) {
            return Optional.empty();
        }
        try {
            RtspStream s = streams.get(channel);
            return Optional.of(URI.create(url(s != null ? s.topic : topicOf(channel))));
        } catch (ExportException e) {
            return Optional.empty();
        }
    }

    private String url(RtspStream stream) {
        return url(stream.topic);
    }

    private String url(String path) {
        return "rtsp://" + host() + ":" + server.port() + "/" + path;
    }

    /** The address to print: the bound one, or this machine's first LAN address when bound to all. */
    private String host() {
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.isEmpty()) {
            return bind.contains(":") ? "[" + bind + "]" : bind;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to the loopback address
        }
        return "127.0.0.1";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new TreeMap<>();
        if (server == null) {
            return status;
        }
        status.put("port", server.port());
        status.put("auth_failures", server.authFailures());
        status.put("login_refusals", server.throttle().refusals());
        status.put("connections", server.connections());
        status.put("connections_refused", server.connectionsRefused());
        streams.forEach((channel, s) -> {
            status.put("url." + channel, url(s));
            s.status().forEach((k, v) -> status.put(k + "." + channel, v));
            status.put("no_signal." + channel, slates.containsKey(channel));
        });
        return status;
    }

    @Override
    public void stop() {
        if (slateThread != null) {
            slates.keySet().forEach(this::stopSlate);
            slateThread.shutdown(); // runs the encoders' close tasks queued above
            try {
                slateThread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            streams.values().forEach(server::unmount);
            streams.clear();
            server.release();
            server = null;
        }
    }
}
