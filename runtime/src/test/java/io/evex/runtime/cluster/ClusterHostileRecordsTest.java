package io.evex.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.SchemaValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write the cluster's channel topic cannot take a node out of the group, nor make it
 * read the runtime's environment: records that are not a valid channel are skipped and counted, and
 * the node runs the others.
 */
class ClusterHostileRecordsTest {

    @TempDir
    Path dir;

    @Test
    void recordsThatAreNotChannelsAreSkippedAndTheNodeStays() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            ClusterSettings cluster = new ClusterSettings(kafka.bootstrap(), "site", "node-a", 6, 6_000);
            RuntimeConfig config = RuntimeConfig.empty()
                    .withHttp(new HttpSettings(false, "127.0.0.1", 0))
                    .withWorkingDirectory(dir.resolve("node"));
            try (Evex evex = new Evex(config, false).start();
                    ClusterNode node = new ClusterNode(
                                    evex.runningChannels(), cluster, new ConfigLoader(new SchemaValidator())::channel)
                            .start();
                    KafkaProducer<byte[], byte[]> writer = producer(kafka.bootstrap())) {
                String topic = cluster.channelsTopic();
                String good = "{\"name\": \"%s\", \"url\": \"lavfi:testsrc2=size=160x120:rate=10\","
                        + " \"motion\": {\"enabled\": false}}";
                send(writer, topic, "spoof", good.formatted("other"));
                send(writer, topic, "garbage", "{not json");
                send(writer, topic, "wrong", "{\"name\": \"wrong\", \"url\": 42}");
                send(
                        writer,
                        topic,
                        "leak",
                        ("{\"name\": \"leak\", \"url\": \"lavfi:testsrc2\", \"http_extension\":"
                                + " {\"url\": \"http://127.0.0.1:9/\", \"headers_env\": {\"X-Key\": \"EVEX_ADMIN_TOKEN\"}}}"));
                send(writer, topic, "cam1", good.formatted("cam1"));
                writer.flush();
                Waits.until(
                        "cam1 to run",
                        Duration.ofSeconds(45),
                        () -> running(evex).contains("cam1"));
                Waits.until("the node's status to count the four records it skipped", Duration.ofSeconds(30), () -> {
                    var status = ClusterStatus.read(cluster).get("node-a");
                    return status != null && status.path("skipped_records").asLong() == 4;
                });
                assertEquals(List.of("cam1"), running(evex));
                assertEquals(
                        "up",
                        ClusterStatus.read(cluster).get("node-a").path("state").asText(),
                        "still in the group");
            }
        }
    }

    private static List<String> running(Evex evex) {
        return evex.channels().stream().map(Channel::name).sorted().toList();
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> writer, String topic, String key, String value) {
        writer.send(new ProducerRecord<>(
                topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
    }
}
