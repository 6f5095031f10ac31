package io.evex.exporters.kafka;

import io.evex.api.ExporterFactory;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle contract against Kafka's own in-process broker (one for the class: it takes seconds
 * to start), which the undelivered() test stops half-way and starts again.
 */
class KafkaExporterContractTest extends ExporterContractTest {

    @TempDir
    static Path kafkaDir;

    private static KafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaCluster(kafkaDir.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    protected ExporterFactory factory() {
        return new KafkaExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of(
                "bootstrap",
                kafka.bootstrap(),
                "topic",
                "contract.{obj.$id}",
                "max_block_ms",
                500,
                "delivery_timeout_ms",
                2_000);
    }

    @Override
    protected void destinationDown() {
        kafka.stopBroker();
    }

    @Override
    protected void destinationUp() throws Exception {
        kafka.startBroker();
    }
}
