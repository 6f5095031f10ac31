package io.evex.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The broker exporters' benchmark of issue 15: events/s through the {@code kafka} exporter (bus,
 * queue, exporter, idempotent acks=all producer) to Kafka's in-process test broker, next to a bare
 * {@code KafkaProducer} loop sending the same events' bytes with the same settings in the same run;
 * then the same for {@code nats} against a bare jnats JetStream publisher on Debian's nats-server.
 */
final class BrokerBench {

    private final Path dir;
    private final int count;
    private final EventEnvelope envelope = new EventEnvelope();

    BrokerBench(Path dir, int count) {
        this.dir = dir;
        this.count = count;
    }

    private ObjectNode motion(long n) {
        ObjectNode e = envelope.start("event-motion", 1, "cam" + (n % 8), n, n / 25.0, System.currentTimeMillis());
        e.put("motion_ratio", 0.125);
        for (int i = 0; i < 6; i++) {
            e.withArray("regions")
                    .addObject()
                    .putObject("box")
                    .put("l", 0.1 * i)
                    .put("t", 0.2)
                    .put("w", 0.05)
                    .put("h", 0.3);
        }
        return e;
    }

    void all() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir.resolve("bench-kafka-" + System.nanoTime()))
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("num.partitions", "8")
                .build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            System.out.printf(
                    "Kafka exporter benchmark: %,d event-motion events (~%d bytes), one in-process broker, %d cores%n%n",
                    count, motion(0).toString().length(), Runtime.getRuntime().availableProcessors());
            bareKafka(kafka.bootstrapServers(), "warm", count / 4);
            exporter("kafka:bootstrap=" + kafka.bootstrapServers() + ",topic=warm2", count / 4);
            double bare = bareKafka(kafka.bootstrapServers(), "bare", count);
            double evex = exporter("kafka:bootstrap=" + kafka.bootstrapServers() + ",topic=evex", count);
            System.out.printf(
                    "bare KafkaProducer loop %9.0f events/s%nkafka exporter          %9.0f events/s%nexporter / bare %.2f%n%n",
                    bare, evex, evex / bare);
        }
    }

    /** The same against Debian's nats-server with JetStream, started here on a free port. */
    void nats() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path store = java.nio.file.Files.createDirectories(dir.resolve("bench-nats-" + System.nanoTime()));
        Process server = new ProcessBuilder(
                        "/usr/sbin/nats-server",
                        "-js",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-sd",
                        store.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        store.resolveSibling(store.getFileName() + ".log").toFile())
                .start();
        try {
            Thread.sleep(1000);
            String url = "nats://127.0.0.1:" + port;
            System.out.printf(
                    "NATS exporter benchmark: %,d event-motion events, nats-server -js on this machine%n%n", count);
            exporter("nats:servers=" + url + ",subject=evex.warm.{obj.channel}", count / 4);
            bareNats(url, "warm2", count / 4);
            double bare = bareNats(url, "bare", count);
            double evex = exporter("nats:servers=" + url, count);
            System.out.printf(
                    "bare jnats publishAsync loop %9.0f events/s%nnats exporter               %9.0f events/s%nexporter / bare %.2f%n%n",
                    bare, evex, evex / bare);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** A jnats JetStream loop: publishAsync with the message id, at most 1000 unacknowledged, the same events serialised. */
    private double bareNats(String url, String prefix, int n) throws Exception {
        ObjectNode[] events = new ObjectNode[n];
        for (int i = 0; i < n; i++) {
            events[i] = motion(i);
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (io.nats.client.Connection c = io.nats.client.Nats.connect(url)) {
            io.nats.client.JetStream js = c.jetStream();
            java.util.ArrayDeque<java.util.concurrent.CompletableFuture<io.nats.client.api.PublishAck>> acks =
                    new java.util.ArrayDeque<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                io.nats.client.PublishOptions o = io.nats.client.PublishOptions.builder()
                        .messageId(prefix + i)
                        .build();
                acks.add(js.publishAsync("evex." + prefix + ".cam" + (i % 8), mapper.writeValueAsBytes(events[i]), o));
                while (acks.size() >= 1000) {
                    acks.poll().get();
                }
            }
            while (!acks.isEmpty()) {
                acks.poll().get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double bareKafka(String bootstrap, String topic, int n) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        // The same events as the exporter gets, made before the clock starts; serialised in the loop,
        // as the runtime serialises each event once.
        ObjectNode[] events = new ObjectNode[n];
        for (int i = 0; i < n; i++) {
            events[i] = motion(i);
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            AtomicLong acked = new AtomicLong();
            for (int i = 0; i < n; i++) {
                producer.send(
                        new ProducerRecord<>(topic, ("cam" + (i % 8)).getBytes(), mapper.writeValueAsBytes(events[i])),
                        (m, e) -> acked.incrementAndGet());
            }
            producer.flush();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Events/s from the first publish until the exporter has delivered them all and the runtime stopped. */
    private double exporter(String export, int n) throws Exception {
        RuntimeConfig config = RuntimeConfig.empty()
                .plus(
                        List.of(),
                        List.of(),
                        ExportOption.parseAll(List.of(export + ",events=event-motion:1"), List.of()))
                .withWorkingDirectory(dir);
        ObjectNode[] events = new ObjectNode[n];
        for (int i = 0; i < n; i++) {
            events[i] = motion(i); // made before the clock starts: the bare loop gets its bytes ready too
        }
        Evex evex = new Evex(config, true).start();
        long t0 = System.nanoTime();
        for (ObjectNode e : events) {
            evex.bus().publish(e);
        }
        ExporterStats s = evex.bus().stats().get(0);
        while (s.delivered() < n) {
            Thread.sleep(5);
            s = evex.bus().stats().get(0);
        }
        evex.close(30_000); // the exporter's flush: every record confirmed
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
