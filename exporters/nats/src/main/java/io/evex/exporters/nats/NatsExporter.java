package io.evex.exporters.nats;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.Template;
import io.evex.api.tls.TlsSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each event to JetStream with acknowledgement: payload = the event's JSON (the
 * {@code json} exporter's line), header {@code Nats-Msg-Id} = the event's id, so the server drops a
 * re-send of a message it already has (within the stream's de-duplication window): a message whose
 * acknowledgement was lost in a reconnect is sent again safely, exactly once in the stream. Publishes
 * are pipelined ({@code max_inflight}); one that fails is sent again first, in order, with everything
 * after it. While the server cannot be reached, new events stay with the runtime (queue, spool).
 */
final class NatsExporter implements Exporter {

    /** One message on its way. */
    private record Pending(Event event, String subject, CompletableFuture<PublishAck> ack) {}

    private ExporterContext context;
    private Settings settings;
    private Template subject;
    private Connection connection;
    private JetStream jetStream;
    private String streamName; // the stream found (or made) at connect
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final ArrayDeque<Pending> resend = new ArrayDeque<>();
    private int window;
    private String lastProblem = "";
    private String permanentFailure;
    private io.evex.api.Counter published;
    private io.evex.api.Counter duplicates;

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        this.settings = ctx.settings();
        this.subject = ctx.template(settings.getString("subject"));
        this.window = settings.getInt("max_in_flight");
        this.published = ctx.counter("published");
        this.duplicates = ctx.counter("duplicates");
        try {
            connect();
        } catch (RetriableExportException e) {
            ctx.logger().warn("{}; events wait (memory, then the spool) until it can be reached", e.getMessage());
        }
    }

    private Options options() throws ExportException {
        Options.Builder b = new Options.Builder()
                .servers(settings.getString("servers").split(","))
                .connectionTimeout(settings.getDuration("connect_timeout"))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionName("evex-" + context.name());
        String user = env("username_env");
        String password = env("password_env");
        if (user != null || password != null) {
            b.userInfo(user == null ? "" : user, password == null ? "" : password);
        }
        String token = env("token_env");
        if (token != null) {
            b.token(token.toCharArray());
        }
        if (!settings.getString("creds_file").isEmpty()) {
            b.credentialPath(settings.getString("creds_file"));
        }
        if (settings.getBoolean("tls.enabled")) {
            try {
                b.sslContext(
                        TlsSettings.from(settings, context.workingDirectory()).context());
            } catch (SettingsException e) {
                throw new PermanentExportException(e.getMessage());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new PermanentExportException("TLS set-up failed: " + e.getMessage());
            }
        }
        return b.build();
    }

    private String env(String setting) throws PermanentExportException {
        String variable = settings.getString(setting);
        if (variable.isEmpty()) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new PermanentExportException(setting + ": the environment variable " + variable + " is not set");
        }
        return value;
    }

    /** Connects (the client reconnects by itself after that) and makes sure the stream exists. */
    private void connect() throws ExportException {
        if (connection != null) {
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                return;
            }
            throw unreachable("reconnecting");
        }
        try {
            connection = Nats.connect(options());
        } catch (IOException e) {
            throw unreachable(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        }
        try {
            streamName = stream(connection.jetStreamManagement());
            jetStream = connection.jetStream();
        } catch (PermanentExportException e) {
            permanentFailure = e.getMessage();
            context.logger().error(permanentFailure);
            throw e;
        } catch (IOException | JetStreamApiException e) {
            throw new PermanentExportException("JetStream at " + settings.getString("servers")
                    + " refused the stream '" + settings.getString("stream") + "': " + e.getMessage()
                    + " (is the server started with -js?)");
        }
        lastProblem = "";
        context.logger().info("connected to {}", connection.getConnectedUrl());
    }

    /**
     * The stream that stores {@code stream_subjects}: one an operator made beforehand (under any
     * name) is used as it is; none is created as {@code stream} when {@code create_stream} allows,
     * else refused for good, as are subjects split over several streams.
     */
    private String stream(JetStreamManagement jsm) throws IOException, JetStreamApiException, ExportException {
        String subjects = settings.getString("stream_subjects");
        String wanted = settings.getString("stream");
        List<String> storing = jsm.getStreamNames(subjects);
        if (storing.contains(wanted)) {
            return wanted;
        }
        if (storing.size() == 1) {
            context.logger()
                    .info("publishing into stream {}, which stores {} (not {})", storing.get(0), subjects, wanted);
            return storing.get(0);
        }
        if (storing.size() > 1) {
            throw new PermanentExportException("the subjects " + subjects + " are stored by several streams " + storing
                    + ": set stream to the one to publish into, and stream_subjects to its subjects");
        }
        if (!settings.getBoolean("create_stream")) {
            throw new PermanentExportException("no JetStream stream at " + settings.getString("servers") + " stores "
                    + subjects + " and create_stream is false: create one, or let Evex (create_stream: true)");
        }
        jsm.addStream(StreamConfiguration.builder()
                .name(wanted)
                .subjects(subjects)
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
        context.logger().info("created stream {} for {}", wanted, subjects);
        return wanted;
    }

    private RetriableExportException unreachable(String why) {
        String problem = "NATS at " + settings.getString("servers") + " cannot be reached (" + why + ")";
        if (!problem.equals(lastProblem)) {
            context.logger().warn("{}; events wait (memory, then the spool)", problem);
            lastProblem = problem;
        }
        return new RetriableExportException(problem, Duration.ofMillis(500));
    }

    @Override
    public void deliver(Event event) throws ExportException {
        if (permanentFailure != null) {
            throw new PermanentExportException(permanentFailure);
        }
        connect();
        reap();
        if (!resend.isEmpty()) {
            while (!resend.isEmpty()) {
                send(resend.poll());
            }
            awaitAll();
            if (permanentFailure != null) {
                throw new PermanentExportException(permanentFailure);
            }
            if (!resend.isEmpty()) {
                throw unreachable("messages not acknowledged; " + resend.size() + " wait to be sent again");
            }
        }
        send(new Pending(event, subject.render(event), null));
        // From here the event is ours: it is acknowledged, or kept to be sent again.
        reap();
        while (inflight.size() >= window) {
            awaitOldest();
        }
    }

    private void send(Pending p) {
        byte[] payload = p.event().bytes(); // an event that cannot be written fails here, before it is in flight
        Headers headers = new Headers()
                .add("$id", p.event().type())
                .add("$version", Integer.toString(p.event().version()));
        PublishOptions options = PublishOptions.builder()
                .messageId(p.event().eventId())
                .expectedStream(streamName)
                .build();
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(p.subject(), headers, payload, options);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        inflight.add(new Pending(
                p.event(),
                p.subject(),
                ack.orTimeout(settings.getDuration("ack_timeout").toMillis(), TimeUnit.MILLISECONDS)));
    }

    /** Acknowledged messages leave; one that failed goes back in front with all after it. */
    private void reap() {
        while (!inflight.isEmpty() && inflight.peek().ack().isDone()) {
            Pending p = inflight.poll();
            try {
                PublishAck ack = p.ack().join();
                published.increment();
                if (ack.isDuplicate()) {
                    duplicates.increment(); // the server had it already: sent again after a lost acknowledgement
                }
            } catch (RuntimeException e) {
                String refusal = refusal(e, p.subject());
                if (refusal != null && permanentFailure == null) {
                    permanentFailure = refusal + " (not retried: fix the subject or the stream and restart)";
                    context.logger().error(permanentFailure);
                }
                List<Pending> back = new ArrayList<>();
                back.add(p);
                back.addAll(inflight);
                inflight.clear();
                for (int i = back.size() - 1; i >= 0; i--) {
                    resend.addFirst(back.get(i));
                }
                context.counter("resent").increment();
                return;
            }
        }
    }

    /**
     * Why the server refuses a publish for good, or null when it may pass on a retry: JetStream's own
     * error answers, and no stream storing the subject (the server has no responder for it).
     */
    private String refusal(RuntimeException e, String subject) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof io.nats.client.JetStreamApiException)) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof io.nats.client.JetStreamApiException api) {
            if (message.toLowerCase().contains("expected stream")) {
                return "the stream storing '" + subject + "' is no longer " + streamName + " (" + message
                        + "): it was replaced while Evex ran";
            }
            return "JetStream refuses messages on '" + subject + "': " + message + " (error " + api.getApiErrorCode()
                    + ")";
        }
        if (message.contains("503") || message.toLowerCase().contains("no responders")) {
            return "no JetStream stream stores subject '" + subject + "' (stream " + settings.getString("stream")
                    + " stores " + settings.getString("stream_subjects") + ")";
        }
        return null;
    }

    private void awaitOldest() {
        Pending p = inflight.peek();
        if (p != null) {
            try {
                p.ack().get(settings.getDuration("ack_timeout").toMillis() + 100, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reaped below as failed
            }
        }
        reap();
    }

    private void awaitAll() {
        while (!inflight.isEmpty() && resend.isEmpty()) {
            awaitOldest();
        }
    }

    @Override
    public void flush() throws ExportException {
        if (connection == null && resend.isEmpty()) {
            return;
        }
        connect();
        while (!resend.isEmpty()) {
            send(resend.poll());
        }
        awaitAll();
        if (!resend.isEmpty()) {
            throw unreachable(resend.size() + " messages wait to be sent again");
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
        for (Pending p : inflight) {
            if (!p.ack().isDone() || p.ack().isCompletedExceptionally()) {
                left.add(p.event());
            }
        }
        resend.forEach(p -> left.add(p.event()));
        return left;
    }

    @Override
    public void stop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
        }
    }

    @Override
    public Map<String, Object> status() {
        Connection c = connection;
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("servers", settings == null ? "" : settings.getString("servers"));
        status.put(
                "state",
                permanentFailure != null
                        ? "failed"
                        : c == null ? "disconnected" : c.getStatus().toString().toLowerCase());
        if (permanentFailure != null) {
            status.put("failure", permanentFailure);
        }
        if (streamName != null) {
            status.put("stream", streamName);
        }
        status.put("in_flight", inflight.size());
        status.put("waiting", resend.size());
        return status;
    }
}
