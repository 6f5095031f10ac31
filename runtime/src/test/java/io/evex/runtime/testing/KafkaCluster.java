package io.evex.runtime.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real Kafka (KRaft, one combined node) in the test JVM, with Kafka's own test kit, and a reader of its topics. */
public final class KafkaCluster implements AutoCloseable {

    private final KafkaClusterTestKit kit;
    private final SecurityProtocol security;

    public KafkaCluster(Path dir) throws Exception {
        this(dir, SecurityProtocol.PLAINTEXT, true);
    }

    /**
     * With {@code SASL_PLAINTEXT} the broker takes SASL/PLAIN and knows the test kit's users
     * ({@link JaasUtils#KAFKA_PLAIN_ADMIN}, {@link JaasUtils#KAFKA_PLAIN_USER1} and their passwords).
     */
    public KafkaCluster(Path dir, SecurityProtocol security, boolean createsTopics) throws Exception {
        this.security = security;
        kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerSecurityProtocol(security)
                        .setControllerSecurityProtocol(security) // else the authorizer refuses the anonymous controller
                        .setBaseDirectory(dir)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("auto.create.topics.enable", Boolean.toString(createsTopics))
                .setConfigProp("num.partitions", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
    }

    public String bootstrap() {
        return kit.bootstrapServers();
    }

    /** Stops the broker (the controller keeps running); it comes back on the same port with {@link #startBroker()}. */
    public void createTopic(String name) throws Exception {
        try (var admin = kit.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    public void stopBroker() {
        BrokerServer broker = kit.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
    }

    public void startBroker() throws Exception {
        kit.brokers().values().iterator().next().startup();
        kit.waitForReadyBrokers();
    }

    /** Every record of {@code topic} until {@code count} are read or {@code timeout} passes. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put("security.protocol", security.name);
        if (security == SecurityProtocol.SASL_PLAINTEXT) {
            p.put("sasl.mechanism", "PLAIN");
            p.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
                            + "\";");
        }
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        kit.close();
    }

    public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> h = new java.util.TreeMap<>();
        r.headers().forEach(x -> h.put(x.key(), new String(x.value(), java.nio.charset.StandardCharsets.UTF_8)));
        return h;
    }
}
