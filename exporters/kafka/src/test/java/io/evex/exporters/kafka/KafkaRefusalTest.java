package io.evex.exporters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Pipelines;
import io.evex.runtime.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster refuses for good is said once, clearly, and counted as failed instead of retried
 * for ever: a wrong SASL password, a topic that does not exist where topics are not made on demand.
 * The secrets come from environment variables the build sets for these tests (see this module's pom).
 */
class KafkaRefusalTest {

    @TempDir
    Path dir;

    @Test
    void aWrongSaslPasswordIsRefusedWithAClearMessageAndTheRightOneDelivers() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), SecurityProtocol.SASL_PLAINTEXT, true)) {
            String sasl = "kafka:bootstrap=" + kafka.bootstrap()
                    + ",security=SASL_PLAINTEXT,sasl_mechanism=PLAIN,username_env=EVEX_TEST_KAFKA_USER";
            try (Evex evex =
                    Pipelines.start(dir.resolve("wrong"), sasl + ",password_env=EVEX_TEST_KAFKA_WRONG_PASSWORD")) {
                for (int i = 0; i < 5; i++) {
                    evex.bus().publish(Pipelines.motion("lobby", i));
                }
                ExporterStats s = await(evex, x -> x.failed() == 5);
                assertEquals(5, s.failed(), "refused for good, not retried: " + s);
                assertEquals("failed", s.details().get("state"));
                String problem = (String) s.details().get("problem");
                assertTrue(problem.contains("Authentication failed"), problem);
                assertFalse(problem.contains("not-the-password"), "the secret is never shown: " + problem);
            }
            try (Evex evex = Pipelines.start(dir.resolve("right"), sasl + ",password_env=EVEX_TEST_KAFKA_PASSWORD")) {
                for (int i = 0; i < 5; i++) {
                    evex.bus().publish(Pipelines.motion("lobby", i));
                }
                assertEquals(
                        5,
                        kafka.read("evex.event-motion", 5, Duration.ofSeconds(30))
                                .size());
                assertEquals(0, evex.bus().stats().get(0).failed());
            }
        }
    }

    @Test
    void aTopicTheClusterDoesNotHaveIsRefusedForGoodWhileOtherTopicsFlow() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), SecurityProtocol.PLAINTEXT, false)) {
            kafka.createTopic("evex.lobby");
            try (Evex evex = Pipelines.start(
                    dir, "kafka:bootstrap=" + kafka.bootstrap() + ",topic=evex.{obj.channel},max_block_ms=300")) {
                for (int i = 0; i < 10; i++) {
                    evex.bus().publish(Pipelines.motion(i % 2 == 0 ? "lobby" : "nowhere", i));
                }
                ExporterStats s = await(evex, x -> x.failed() + x.delivered() == 10);
                assertEquals(5, s.failed(), s.toString());
                assertEquals(5, s.delivered(), s.toString());
                assertEquals(List.of("evex.nowhere"), s.details().get("missing_topics"));
                assertEquals(
                        5, kafka.read("evex.lobby", 5, Duration.ofSeconds(30)).size());
            }
        }
    }

    private static ExporterStats await(Evex evex, Predicate<ExporterStats> done) throws InterruptedException {
        Waits.until(
                "the exporter's counters",
                Duration.ofSeconds(30),
                () -> done.test(evex.bus().stats().get(0)));
        return evex.bus().stats().get(0);
    }
}
