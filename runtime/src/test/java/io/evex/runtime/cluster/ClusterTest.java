package io.evex.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Evex nodes sharing channels through a real Kafka (Kafka's own in-process test cluster): each
 * channel runs on exactly one node; a node that leaves hands its channels over; definitions put and
 * deleted in the registry start and stop channels; the node topic says who runs what.
 */
class ClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(45), condition);
    }

    private static JsonNode channel(String name) throws Exception {
        return JSON.readTree("{\"name\": \"" + name + "\", \"url\": \"lavfi:testsrc2=size=160x120:rate=10\","
                + " \"motion\": {\"enabled\": false}}");
    }

    /** A node: a runtime with no channels of its own, and its membership. */
    private record Node(Evex evex, ClusterNode member) implements AutoCloseable {
        Set<String> running() {
            Set<String> names = new TreeSet<>();
            evex.channels().stream().map(Channel::name).forEach(names::add);
            return names;
        }

        @Override
        public void close() {
            member.close();
            evex.close();
        }
    }

    private Node node(ClusterSettings cluster, String id) {
        RuntimeConfig config = RuntimeConfig.empty()
                .withHttp(new HttpSettings(false, "127.0.0.1", 0))
                .withWorkingDirectory(dir.resolve(id));
        Evex evex = new Evex(config, false).start();
        ClusterSettings mine = new ClusterSettings(cluster.servers(), cluster.group(), id, cluster.partitions(), 6_000);
        return new Node(
                evex,
                new ClusterNode(evex.runningChannels(), mine, new ConfigLoader(new SchemaValidator())::channel)
                        .start());
    }

    @Test
    void channelsRunOnExactlyOneNodeAndMoveWhenANodeLeaves() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            ClusterSettings cluster = new ClusterSettings(kafka.bootstrap(), "site", "cli", 12, 6_000);
            ChannelRegistry registry = new ChannelRegistry(cluster);
            for (int i = 1; i <= 6; i++) {
                registry.put(channel("cam" + i));
            }
            assertEquals(6, registry.list().size());
            Set<String> all = new TreeSet<>(registry.list().keySet());
            try (Node a = node(cluster, "node-a")) {
                Node b = node(cluster, "node-b");
                try {
                    waitFor("both nodes to share the six channels", () -> {
                        Set<String> union = new TreeSet<>(a.running());
                        union.addAll(b.running());
                        Set<String> both = new HashSet<>(a.running());
                        both.retainAll(b.running());
                        return union.equals(all)
                                && both.isEmpty()
                                && !a.running().isEmpty()
                                && !b.running().isEmpty();
                    });
                    waitFor("the node topic to say who runs what", () -> {
                        var nodes = ClusterStatus.read(cluster);
                        return nodes.containsKey("node-a")
                                && nodes.containsKey("node-b")
                                && nodes.get("node-a").get("channels").size()
                                                + nodes.get("node-b")
                                                        .get("channels")
                                                        .size()
                                        == 6;
                    });
                    // A new definition starts on whichever node owns its partition; a delete stops it.
                    registry.put(channel("cam7"));
                    waitFor(
                            "cam7 to run once",
                            () -> a.running().contains("cam7") ^ b.running().contains("cam7"));
                    registry.delete("cam1");
                    waitFor(
                            "cam1 to stop",
                            () -> !a.running().contains("cam1") && !b.running().contains("cam1"));
                } finally {
                    b.close(); // leaves the group: its channels move to a at once
                }
                Set<String> expected = new TreeSet<>(all);
                expected.remove("cam1");
                expected.add("cam7");
                waitFor(
                        "node-a to run all six after node-b left",
                        () -> a.running().equals(expected));
                var nodes = ClusterStatus.read(cluster);
                assertEquals("left", nodes.get("node-b").get("state").asText(), nodes.toString());
                assertTrue(ClusterStatus.alive(nodes.get("node-a"), System.currentTimeMillis()), nodes.toString());
                waitFor(
                        "node-a's channels to be online",
                        () -> a.evex().channels().stream().allMatch(c -> c.state() == Channel.State.ONLINE));
            }
        }
    }
}
