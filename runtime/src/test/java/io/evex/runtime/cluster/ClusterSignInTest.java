package io.evex.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode signs in to Kafka with the kafka exporter's names (issue 24 point 6; review H3): on a
 * real in-process Kafka that takes SASL/PLAIN only, a node with the right credentials joins and runs
 * the channels written to the topic; wrong or missing credentials stop it with a precise message.
 */
class ClusterSignInTest {

    @TempDir
    Path dir;

    private static String option(String bootstrap, String passwordVariable) {
        return "kafka:servers=" + bootstrap + ",group=secure,node=n1,partitions=3,session_timeout=6s"
                + ",sasl_mechanism=PLAIN,username_env=EVEX_TEST_KAFKA_USER,password_env=" + passwordVariable;
    }

    @Test
    void aNodeWithTheRightCredentialsJoinsAndOthersAreToldWhy() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"), SecurityProtocol.SASL_PLAINTEXT, true)) {
            ClusterSettings cluster = ClusterSettings.parse(option(kafka.bootstrap(), "EVEX_TEST_KAFKA_PASSWORD"));
            assertEquals("SASL_PLAINTEXT", cluster.security().get("security.protocol"));
            assertTrue(
                    cluster.security().get("sasl.jaas.config").contains("plain-admin-secret"),
                    "read from the variable");
            assertTrue(!cluster.toString().contains("plain-admin-secret"), "and never shown: " + cluster);
            RuntimeConfig config = RuntimeConfig.empty()
                    .withHttp(new HttpSettings(false, "127.0.0.1", 0))
                    .withWorkingDirectory(dir.resolve("node"));
            try (Evex evex = new Evex(config, false).start();
                    ClusterNode node = new ClusterNode(
                                    evex.runningChannels(), cluster, new ConfigLoader(new SchemaValidator())::channel)
                            .start()) {
                new ChannelRegistry(cluster)
                        .put(new ObjectMapper()
                                .readTree("{\"name\": \"cam1\", \"url\": \"lavfi:testsrc2=size=160x120:rate=10\","
                                        + " \"motion\": {\"enabled\": false}}"));
                Waits.until(
                        "cam1 to run on the node",
                        Duration.ofSeconds(45),
                        () -> evex.channels().stream()
                                .map(Channel::name)
                                .toList()
                                .equals(List.of("cam1")));
                assertEquals(
                        "up",
                        ClusterStatus.read(cluster).get("n1").path("state").asText());
            }

            ClusterSettings wrong = ClusterSettings.parse(option(kafka.bootstrap(), "EVEX_TEST_KAFKA_WRONG_PASSWORD"));
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> ClusterTopics.ensure(wrong));
            assertTrue(refused.getMessage().toLowerCase().contains("authentication"), refused.getMessage());
            assertTrue(!refused.getMessage().contains("not-the-password"), "the password is never in a message");

            IllegalArgumentException unset = assertThrows(
                    IllegalArgumentException.class,
                    () -> ClusterSettings.parse(option(kafka.bootstrap(), "EVEX_TEST_NO_SUCH_VARIABLE")));
            assertEquals(
                    "--cluster: password_env: the environment variable EVEX_TEST_NO_SUCH_VARIABLE is not set",
                    unset.getMessage());
        }
    }
}
