package io.evex.exporters.mqtt;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.SettingsException;
import io.evex.api.Template;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.SocketFactory;

/**
 * Publishes events to MQTT, pipelined: up to {@code max_inflight} publishes (or the broker's
 * receive maximum) wait for their acknowledgement at once. Every publish stays in an ordered
 * in-flight list until the broker confirms it; when the connection drops, the unconfirmed ones
 * are published again, first and in order, on the next connection (at least once). While no
 * connection can be made, {@link #deliver} refuses with a retriable error before taking the
 * event, so the runtime keeps it (in memory, then in the spool) and nothing is lost.
 */
final class MqttExporter implements Exporter {

    private static final long FIRST_BACKOFF_MS = 250;

    /** One event on its way: in flight, or waiting to be published again. */
    private static final class Pending {
        final Event event;
        final String topic;
        int attempt;
        /** 0 = waiting, 1 = confirmed, 2 = failed. */
        int state;

        Pending(Event event, String topic) {
            this.event = event;
            this.topic = topic;
        }

        synchronized void done(int forAttempt, Throwable failure) {
            if (forAttempt == attempt) {
                state = failure == null ? 1 : 2;
                notifyAll();
            }
        }

        synchronized int state() {
            return state;
        }
    }

    private ExporterContext context;
    private MqttSettings settings;
    private Template topic;
    private final Map<String, Template> topicByType = new LinkedHashMap<>();
    private SocketFactory sockets;
    private BrokerLink link;
    private int window = 1;
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final ArrayDeque<Pending> resend = new ArrayDeque<>();
    private long nextAttemptMs;
    private long backoffMs = FIRST_BACKOFF_MS;
    private String permanentFailure;
    private String lastConnectError = "";
    private volatile String state = "connecting";
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
        published = ctx.counter("published");
        settings.topicsByType().forEach((type, t) -> topicByType.put(type, ctx.template(t)));
        try {
            sockets = settings.tls() ? Sockets.tls(settings.caFile(), settings.certFile(), settings.keyFile(), settings.tlsVerify())
                    : Sockets.tcp();
        } catch (Exception e) {
            throw new PermanentExportException("TLS set-up failed: " + e.getMessage());
        }
        // Connect now so that a wrong password or certificate refuses the exporter at once, with its reason.
        try {
            connect();
        } catch (RetriableExportException e) {
            ctx.logger().warn("{}; events wait (memory, then the spool) until it can be reached", e.getMessage());
        }
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
        long now = System.currentTimeMillis();
        if (now < nextAttemptMs) {
            throw new RetriableExportException("broker " + settings.uri() + " unreachable (" + lastConnectError + "); next attempt in "
                    + (nextAttemptMs - now) + " ms");
        }
        BrokerLink fresh = newLink();
        try {
            int receiveMaximum = fresh.connect();
            link = fresh;
            window = Math.max(1, Math.min(settings.maxInflight(), receiveMaximum));
            backoffMs = FIRST_BACKOFF_MS;
            lastConnectError = "";
            state = "connected";
            context.logger().info("connected: {} ({} in flight at most)", settings, window);
        } catch (BrokerLink.BrokerException e) {
            context.counter("connect_failures").increment();
            if (e.permanent()) {
                permanentFailure = e.getMessage() + " (not retried: fix the settings and restart)";
                state = "failed";
                context.logger().error(permanentFailure);
                throw new PermanentExportException(permanentFailure);
            }
            // Exponential back-off with +-20% jitter, so many runtimes do not hammer a broker that comes back.
            long wait = (long) (backoffMs * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            nextAttemptMs = now + wait;
            backoffMs = Math.min(settings.reconnectMaxMs(), backoffMs * 2);
            state = "disconnected";
            if (!e.getMessage().equals(lastConnectError)) {
                context.logger().warn("{}; retrying with back-off", e.getMessage());
            }
            lastConnectError = e.getMessage();
            throw new RetriableExportException(e.getMessage());
        }
    }

    @Override
    public void deliver(Event event) throws ExportException {
        connect();
        republish();
        Template t = topicByType.getOrDefault(event.type(), topic);
        send(new Pending(event, t.render(event)));
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
        inflight.add(p);
        int attempt;
        synchronized (p) {
            attempt = ++p.attempt;
            p.state = 0;
        }
        try {
            link.publish(p.topic, p.event.bytes(), settings.qos(), settings.retain(), p.event.type(), p.event.version(),
                    failure -> p.done(attempt, failure));
        } catch (BrokerLink.BrokerException e) {
            linkLost();
        }
    }

    /** Drops confirmed publishes from the head of the in-flight list. */
    private void reap() {
        while (!inflight.isEmpty()) {
            int s = inflight.peek().state();
            if (s == 1) {
                inflight.poll();
                published.increment();
            } else if (s == 2 || (link != null && !link.connected())) {
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
            while (p.state == 0 && link != null && link.connected()) {
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
            if (p.state() != 1) {
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
            context.logger().warn("connection to {} lost; {} unconfirmed events will be published again", settings.uri(), resend.size());
        }
        state = permanentFailure != null ? "failed" : "disconnected";
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

    @Override
    public List<Event> undelivered() {
        List<Event> left = new ArrayList<>();
        inflight.forEach(p -> {
            if (p.state() != 1) {
                left.add(p.event);
            }
        });
        resend.forEach(p -> left.add(p.event));
        return left;
    }

    @Override
    public void stop() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("broker", settings == null ? "" : settings.uri(), "state", state);
    }
}
