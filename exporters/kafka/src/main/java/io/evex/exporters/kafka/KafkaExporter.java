package io.evex.exporters.kafka;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.Settings;
import io.evex.api.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes each event as one record: value = the event's JSON, byte for byte what the {@code json}
 * exporter writes as a line; key = the channel by default, so a channel's events keep their order;
 * headers {@code $id} and {@code $version}. The producer is idempotent with {@code acks=all}. Sends
 * are pipelined; every record stays in an ordered in-flight list until the cluster confirms it. A
 * send that cannot reach the cluster within {@code max_block_ms} is refused with a retriable error
 * before the event is taken, so the runtime keeps it (memory, then spool). A record the producer
 * gave up on for a passing reason is sent again, first and in order; authorisation, authentication
 * and invalid-topic errors are permanent and said once. What is unconfirmed at stop comes back
 * through {@link #undelivered()}.
 */
final class KafkaExporter implements Exporter {

    /** One record on its way. */
    private static final class Pending {
        final Event event;
        final String topic;
        final byte[] key;
        volatile boolean confirmed;
        volatile Exception failure;
        volatile boolean done;

        Pending(Event event, String topic, byte[] key) {
            this.event = event;
            this.topic = topic;
            this.key = key;
        }
    }

    private static final int MAX_PENDING = 20_000;

    private ExporterContext context;
    private Template topic;
    private Template key;
    private KafkaProducer<byte[], byte[]> producer;
    private String bootstrap;
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final ArrayDeque<Pending> resend = new ArrayDeque<>();
    private volatile String permanentFailure;
    private TopicCheck topics;
    private final Map<String, TypeHeaders> headers = new HashMap<>();
    private final Set<String> writtenTopics = new HashSet<>();
    private long deliveryTimeoutMs;
    private final Set<String> missingTopics = ConcurrentHashMap.newKeySet(); // read by status()
    private io.evex.api.Counter published;
    private volatile String lastProblem = "";

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        Settings s = ctx.settings();
        topic = ctx.template(s.getString("topic"));
        String keyPattern = s.getString("key");
        key = keyPattern.isEmpty() ? null : ctx.template(keyPattern);
        bootstrap = s.getString("servers");
        deliveryTimeoutMs = s.getDuration("delivery_timeout").toMillis();
        published = ctx.counter("published");
        Properties props = ProducerSettings.properties(ctx.name(), s, ctx.workingDirectory());
        try {
            producer = ProducerSettings.inPluginLoader(
                    () -> new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PermanentExportException(
                    "cannot make a Kafka producer for " + bootstrap + ": " + cause.getMessage());
        }
        topics = new TopicCheck(props);
        ctx.logger()
                .info(
                        "publishing to Kafka at {} (acks={}, {})",
                        bootstrap,
                        s.getString("acks"),
                        s.getString("compression"));
    }

    @Override
    public void deliver(Event event) throws ExportException {
        check();
        reap();
        if (!resend.isEmpty()) {
            // Records the cluster did not take go first; until it takes them, new events stay with the runtime.
            resendWaiting();
            while (!inflight.isEmpty() && !inflight.peekLast().done) {
                awaitOldest();
            }
            reap();
            if (!resend.isEmpty()) {
                throw new RetriableExportException(
                        "Kafka at " + bootstrap + " does not take records (" + lastProblem + "); " + resend.size()
                                + " wait to be sent again",
                        Duration.ofMillis(500));
            }
        }
        String to = topic.render(event);
        if (!missingTopics.isEmpty() && missingTopics.contains(to)) {
            throw new PermanentExportException(missingTopic(to));
        }
        Pending p =
                new Pending(event, to, key == null ? null : key.render(event).getBytes(StandardCharsets.UTF_8));
        send(p, false);
        // From here the event is ours: it is confirmed, or kept to be sent again.
        if (!writtenTopics.contains(to)) {
            firstWrite(p);
        }
        reap();
        while (inflight.size() >= MAX_PENDING) {
            awaitOldest();
        }
    }

    private void check() throws PermanentExportException {
        if (permanentFailure != null) {
            throw new PermanentExportException(permanentFailure);
        }
    }

    /** Sends {@code p}; a send the cluster cannot take now is refused (new events) or put back (resends). */
    private void send(Pending p, boolean again) throws ExportException {
        RecordHeaders headers = new RecordHeaders(headersOf(p.event));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(p.topic, null, p.key, p.event.bytes(), headers);
        p.done = false;
        p.failure = null;
        Exception refused = null;
        try {
            producer.send(record, (metadata, error) -> {
                p.failure = error;
                p.confirmed = error == null;
                p.done = true;
            });
        } catch (KafkaException e) {
            refused = e;
        }
        if (refused == null && p.done && !p.confirmed) {
            // The producer calls back before send returns when it cannot take the record at all
            // (no metadata for the topic within max_block_ms): that is a refusal, not a send.
            refused = p.failure;
        }
        if (refused != null) {
            if (permanent(refused)) {
                fail(refused);
            }
            if (refused instanceof TimeoutException && topics.missing(p.topic)) {
                refuseTopic(p, again);
                return;
            }
            if (again) {
                resend.addFirst(p);
            }
            throw unavailable("Kafka at " + bootstrap + " cannot take records now: " + refused.getMessage());
        }
        inflight.add(p);
    }

    /** The {@code $id} and {@code $version} headers, made once per type and version (they are immutable). */
    private Header[] headersOf(Event event) {
        String type = event.type();
        int version = event.version();
        TypeHeaders h = headers.get(type);
        if (h == null || h.version != version) {
            h = new TypeHeaders(version, new Header[] {
                new RecordHeader("$id", type.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("$version", Integer.toString(version).getBytes(StandardCharsets.UTF_8))
            });
            headers.put(type, h);
        }
        return h.headers;
    }

    private record TypeHeaders(int version, Header[] headers) {}

    /** The cluster cannot be used now: said once per distinct reason; the event waits with the runtime. */
    private RetriableExportException unavailable(String problem) {
        if (!problem.equals(lastProblem)) {
            context.logger().warn("{}; events wait (memory, then the spool)", problem);
            lastProblem = problem;
        }
        return new RetriableExportException(problem);
    }

    /** Events the producer gave up on go back in front, in order; confirmed ones leave the list. */
    private void reap() throws ExportException {
        while (!inflight.isEmpty() && inflight.peek().done) {
            Pending p = inflight.poll();
            if (p.confirmed) {
                published.increment();
                lastProblem = "";
            } else if (permanent(p.failure)) {
                fail(p.failure);
            } else {
                context.counter("resent").increment();
                List<Pending> back = new ArrayList<>();
                back.add(p);
                back.addAll(inflight); // records after it were sent in order behind it: all again
                inflight.clear();
                for (int i = back.size() - 1; i >= 0; i--) {
                    resend.addFirst(back.get(i));
                }
                String problem = String.valueOf(p.failure.getMessage());
                if (!problem.equals(lastProblem)) {
                    context.logger()
                            .warn(
                                    "Kafka at {} did not take {} records ({}); they are sent again, in order, first",
                                    bootstrap,
                                    back.size(),
                                    problem);
                    lastProblem = problem;
                }
                return;
            }
        }
    }

    private void resendWaiting() throws ExportException {
        while (!resend.isEmpty()) {
            send(resend.poll(), true);
        }
    }

    /**
     * The first record to a topic is awaited alone. A topic the broker makes on demand is announced in
     * the metadata a moment before its partitions can take records: a first batch refused then is
     * retried while the batches behind it, already in flight, are written, so it would come after
     * them (or never: the idempotent producer retries it until its time-out). Once one record is
     * written, every partition of the topic is ready (the broker makes them together).
     */
    private void firstWrite(Pending p) throws ExportException {
        awaitDone(p, Duration.ofMillis(deliveryTimeoutMs));
        if (p.confirmed) {
            writtenTopics.add(p.topic);
        }
    }

    private void awaitOldest() throws ExportException {
        awaitDone(inflight.peek(), Duration.ofSeconds(1));
    }

    private void awaitDone(Pending p, Duration atMost) throws ExportException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (p != null && !p.done && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        reap();
    }

    private static boolean permanent(Exception e) {
        return e instanceof AuthorizationException
                || e instanceof AuthenticationException
                || e instanceof InvalidTopicException
                || e instanceof RecordTooLargeException;
    }

    /**
     * The cluster answers but has no such topic, and does not make topics on demand: events for it
     * are refused for good (said once per topic); events for other topics go on.
     */
    private void refuseTopic(Pending p, boolean again) throws PermanentExportException {
        String why = missingTopic(p.topic);
        if (missingTopics.add(p.topic)) {
            context.logger().error(why);
        }
        if (!again) {
            throw new PermanentExportException(why);
        }
        context.counter("failed_topic_missing").increment(); // a re-send: no caller to fail it to
    }

    private String missingTopic(String name) {
        return "Kafka at " + bootstrap + " has no topic '" + name + "' and does not create topics on demand:"
                + " create it, or change 'topic' (its events count as failed and are not retried)";
    }

    private void fail(Exception e) throws PermanentExportException {
        if (permanentFailure == null) {
            permanentFailure = "Kafka at " + bootstrap + " refuses the records for good: " + e.getMessage()
                    + " (not retried: fix the settings or the cluster's ACLs and restart)";
            context.logger().error(permanentFailure);
        }
        throw new PermanentExportException(permanentFailure);
    }

    @Override
    public void flush() throws ExportException {
        check();
        resendWaiting();
        producer.flush();
        reap();
        if (!resend.isEmpty()) {
            throw new RetriableExportException(resend.size() + " records wait for Kafka at " + bootstrap);
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
            if (!p.confirmed) {
                left.add(p.event);
            }
        });
        resend.forEach(p -> left.add(p.event));
        return left;
    }

    @Override
    public void stop() {
        if (topics != null) {
            topics.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Override
    public Map<String, Object> status() {
        return Map.of(
                "bootstrap",
                bootstrap == null ? "" : bootstrap,
                "in_flight",
                inflight.size(),
                "waiting",
                resend.size(),
                "state",
                permanentFailure != null ? "failed" : lastProblem.isEmpty() ? "ok" : "unreachable",
                "problem",
                permanentFailure != null ? permanentFailure : lastProblem,
                "missing_topics",
                List.copyOf(missingTopics));
    }
}
