package io.evex.exporters.mqtt;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.SettingsException;
import io.evex.api.Template;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.api.media.EncodedImage;
import io.evex.api.media.ImageExporter;
import io.evex.api.media.ImageRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;

/**
 * Publishes events to MQTT, pipelined: up to {@code max_inflight} publishes (or the broker's
 * receive maximum) wait for their acknowledgement at once. Every publish stays in an ordered
 * in-flight list until the broker confirms it; when the connection drops, the unconfirmed ones
 * are published again, first and in order, on the next connection (at least once). While no
 * connection can be made, {@link #deliver} refuses with a retriable error before taking the
 * event, so the runtime keeps it (in memory, then in the spool) and nothing is lost.
 */
final class MqttExporter implements Exporter, ImageExporter {

    /**
     * The connection to the broker:
     * <pre>
     * CONNECTING --connected--> CONNECTED --lost--> DISCONNECTED --reconnected--> CONNECTED
     *      |                                             |
     *      +-----------refused for good (auth, TLS)------+--> FAILED (events fail permanently)
     * </pre>
     */
    enum LinkState {
        CONNECTING,
        CONNECTED,
        DISCONNECTED,
        FAILED;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** Where one publish is: {@code SENT --ack--> CONFIRMED}, or {@code SENT --error--> FAILED} (then published again). */
    private enum PublishState {
        SENT,
        CONFIRMED,
        FAILED
    }

    /** One event on its way: in flight, or waiting to be published again. */
    private static final class Pending {
        final Event event;
        final String topic;
        int attempt;
        PublishState state = PublishState.SENT;

        Pending(Event event, String topic) {
            this.event = event;
            this.topic = topic;
        }

        synchronized void done(int forAttempt, Throwable failure) {
            if (forAttempt == attempt) {
                state = failure == null ? PublishState.CONFIRMED : PublishState.FAILED;
                notifyAll();
            }
        }

        synchronized PublishState state() {
            return state;
        }
    }

    private ExporterContext context;
    private MqttSettings settings;
    private Template topic;
    private final Map<String, Template> topicByType = new LinkedHashMap<>();
    private SocketFactory sockets;
    /** Read by Home Assistant's own publishes (ticks, pictures) as well as the exporter thread. */
    private volatile BrokerLink link;

    private HomeAssistant homeAssistant;
    private int window = 1;
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final ArrayDeque<Pending> resend = new ArrayDeque<>();
    private Backoff.Schedule reconnects;
    private String permanentFailure;
    private String lastConnectError = "";
    private volatile LinkState state = LinkState.CONNECTING;
    private io.evex.api.Counter published;

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        try {
            settings = MqttSettings.from(ctx.settings(), ctx.name(), ctx.workingDirectory());
        } catch (SettingsException e) {
            throw new PermanentExportException(e.getMessage());
        }
        topic = ctx.template(settings.topic());
        // 250 ms doubling to reconnect_max with ±20% jitter, so many runtimes do not hammer a broker that comes
        // back.
        reconnects = new Backoff(
                        Duration.ofMillis(Math.min(250, settings.reconnectMaxMs())),
                        Duration.ofMillis(settings.reconnectMaxMs()),
                        2,
                        0.2)
                .schedule(Ticker.SYSTEM);
        published = ctx.counter("published");
        settings.topicsByType().forEach((type, t) -> topicByType.put(type, ctx.template(t)));
        try {
            sockets = settings.tls().enabled() ? Sockets.tls(settings.tls()) : Sockets.tcp();
        } catch (Exception e) {
            throw new PermanentExportException("TLS set-up failed: " + e.getMessage());
        }
        if (settings.homeAssistant().enabled()) {
            startHomeAssistant(ctx);
        }
        // Connect now so that a wrong password or certificate refuses the exporter at once, with its reason.
        try {
            connect();
        } catch (RetriableExportException e) {
            ctx.logger().warn("{}; events wait (memory, then the spool) until it can be reached", e.getMessage());
        }
    }

    private void startHomeAssistant(ExporterContext ctx) {
        homeAssistant = new HomeAssistant(
                settings.homeAssistant(),
                settings.statusTopic(),
                ctx::channels,
                new LinkOut(() -> link),
                Clock.systemDefaultZone());
        homeAssistant.start(ctx.name(), ctx.logger());
    }

    /** Pictures for Home Assistant's image entities, when it is on. */
    @Override
    public ImageRequest imageRequest() {
        if (homeAssistant == null || settings.homeAssistant().snapshotEvery().isZero()) {
            return null;
        }
        return new ImageRequest(
                "jpg", 640, 0, 1000.0 / settings.homeAssistant().snapshotEvery().toMillis(), 80, false);
    }

    @Override
    public void write(EncodedImage image) {
        byte[] jpeg = new byte[image.data().remaining()];
        image.data().duplicate().get(jpeg);
        homeAssistant.snapshot(image.channel(), jpeg);
    }

    private BrokerLink newLink() {
        return settings.mqtt5() ? new Mqtt5Link(settings, sockets) : new Mqtt3Link(settings, sockets);
    }

    private void connect() throws ExportException {
        if (permanentFailure != null) {
            throw new PermanentExportException(permanentFailure);
        }
        if (link != null && link.connected()) {
            return;
        }
        if (link != null) {
            linkLost();
        }
        if (!reconnects.due()) {
            Duration wait = reconnects.remaining();
            throw new RetriableExportException(
                    "broker " + settings.uri() + " unreachable (" + lastConnectError + "); next attempt in "
                            + wait.toMillis() + " ms",
                    wait);
        }
        BrokerLink fresh = newLink();
        try {
            int receiveMaximum = fresh.connect();
            link = fresh;
            window = Math.max(1, Math.min(settings.maxInFlight(), receiveMaximum));
            reconnects.succeeded();
            lastConnectError = "";
            state = LinkState.CONNECTED;
            context.logger().info("connected: {} ({} in flight at most)", settings, window);
            if (homeAssistant != null) {
                homeAssistant.connected();
            }
        } catch (BrokerLink.BrokerException e) {
            context.counter("connect_failures").increment();
            if (e.permanent()) {
                permanentFailure = e.getMessage() + " (not retried: fix the settings and restart)";
                state = LinkState.FAILED;
                context.logger().error(permanentFailure);
                throw new PermanentExportException(permanentFailure);
            }
            Duration wait = reconnects.failed();
            state = LinkState.DISCONNECTED;
            if (!e.getMessage().equals(lastConnectError)) {
                context.logger().warn("{}; retrying with back-off", e.getMessage());
            }
            lastConnectError = e.getMessage();
            throw new RetriableExportException(e.getMessage(), wait);
        }
    }

    @Override
    public void deliver(Event event) throws ExportException {
        connect();
        republish();
        Template t = topicByType.getOrDefault(event.type(), topic);
        send(new Pending(event, t.render(event)));
        if (homeAssistant != null) {
            homeAssistant.seen(event.json());
        }
        // From here the event is ours: it is confirmed, or kept for publishing again.
        reap();
        while (inflight.size() >= window && link != null) {
            awaitOldest();
        }
    }

    /** Publishes what the last connection left unconfirmed, in order, before anything new. */
    private void republish() throws ExportException {
        while (!resend.isEmpty()) {
            if (link == null) {
                throw new RetriableExportException("connection to " + settings.uri() + " lost while publishing again");
            }
            send(resend.poll());
            context.counter("republished").increment();
            while (inflight.size() >= window && link != null) {
                awaitOldest();
            }
        }
    }

    private void send(Pending p) {
        byte[] payload = p.event.bytes(); // an event that cannot be written fails here, before it is in flight
        inflight.add(p);
        int attempt;
        synchronized (p) {
            attempt = ++p.attempt;
            p.state = PublishState.SENT;
        }
        try {
            link.publish(
                    p.topic,
                    payload,
                    settings.qos(),
                    settings.retain(),
                    p.event.type(),
                    p.event.version(),
                    failure -> p.done(attempt, failure));
        } catch (BrokerLink.BrokerException e) {
            linkLost();
        }
    }

    /** Drops confirmed publishes from the head of the in-flight list. */
    private void reap() {
        while (!inflight.isEmpty()) {
            PublishState s = inflight.peek().state();
            if (s == PublishState.CONFIRMED) {
                inflight.poll();
                published.increment();
            } else if (s == PublishState.FAILED || (link != null && !link.connected())) {
                linkLost();
                return;
            } else {
                return;
            }
        }
    }

    private void awaitOldest() {
        Pending p = inflight.peek();
        synchronized (p) {
            while (p.state == PublishState.SENT && link != null && link.connected()) {
                try {
                    p.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        reap();
    }

    /** The connection is gone: everything unconfirmed goes back, in order, in front of what already waited. */
    private void linkLost() {
        List<Pending> back = new ArrayList<>();
        for (Pending p : inflight) {
            if (p.state() != PublishState.CONFIRMED) {
                back.add(p);
            } else {
                published.increment();
            }
        }
        inflight.clear();
        for (int i = back.size() - 1; i >= 0; i--) {
            resend.addFirst(back.get(i));
        }
        if (link != null) {
            link.close();
            link = null;
            context.counter("disconnects").increment();
            context.logger()
                    .warn(
                            "connection to {} lost; {} unconfirmed events will be published again",
                            settings.uri(),
                            resend.size());
        }
        state = permanentFailure != null ? LinkState.FAILED : LinkState.DISCONNECTED;
    }

    @Override
    public void flush() throws ExportException {
        if (link == null && resend.isEmpty()) {
            return;
        }
        connect();
        republish();
        while (!inflight.isEmpty() && link != null) {
            awaitOldest();
        }
        if (link == null && !resend.isEmpty()) {
            throw new RetriableExportException(resend.size() + " events wait for the broker to come back");
        }
    }

    /** Sent but not acknowledged yet, and waiting to be sent again (older): at most this many of the newest. */
    @Override
    public int unconfirmed() {
        return inflight.size() + resend.size();
    }

    @Override
    public List<Event> undelivered() {
        List<Event> left = new ArrayList<>();
        inflight.forEach(p -> {
            if (p.state() != PublishState.CONFIRMED) {
                left.add(p.event);
            }
        });
        resend.forEach(p -> left.add(p.event));
        return left;
    }

    @Override
    public void stop() {
        if (homeAssistant != null) {
            homeAssistant.stop();
        }
        if (link != null) {
            link.close();
            link = null;
        }
    }

    @Override
    public Map<String, Object> status() {
        if (homeAssistant != null) {
            return Map.of(
                    "broker",
                    settings.uri(),
                    "state",
                    state.toString(),
                    "home_assistant_removed",
                    homeAssistant.removedStale());
        }
        return Map.of("broker", settings == null ? "" : settings.uri(), "state", state.toString());
    }
}
