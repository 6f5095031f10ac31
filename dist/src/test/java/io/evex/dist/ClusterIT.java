package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling-out walkthrough as a user runs it: a Kafka cluster, 12 channels put with {@code evex
 * channels put}, three {@code evex run --cluster} node processes sharing them (each exporting its
 * events to Kafka), {@code evex cluster status} saying who runs what; one node killed (SIGKILL): its
 * channels run elsewhere within the session time-out plus 10 s, and Kafka's events of those channels
 * show no longer gap; the node restarted: every channel runs once again.
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SESSION_MS = 6_000;

    @TempDir
    Path dir;

    private static String status(Path dir, String cluster) throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "cluster", "status", "--cluster", cluster);
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    /** The channels a node's line of {@code cluster status} lists, when it is up. */
    private static List<String> channelsOf(String status, String node) {
        for (String line : status.split("\n")) {
            String[] cols = line.trim().split("\\s+", 5);
            if (cols.length == 5 && cols[0].equals(node) && cols[1].equals("up")) {
                List<String> names = new ArrayList<>();
                for (String n : cols[4].replaceAll("[\\[\\]\"]", "").split(",")) {
                    if (!n.isBlank()) {
                        names.add(n);
                    }
                }
                return names;
            }
        }
        return List.of();
    }

    /** Waits until every channel runs on exactly one of {@code nodes}, each of them running some. */
    private static String settled(Path dir, String cluster, List<String> nodes, int channels) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = status(dir, cluster);
            List<String> all = new ArrayList<>();
            boolean everyNode = true;
            for (String n : nodes) {
                all.addAll(channelsOf(s, n));
                everyNode &= !channelsOf(s, n).isEmpty();
            }
            if (all.size() == channels && all.stream().distinct().count() == channels && everyNode) {
                return s;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the cluster did not settle on " + nodes + ":\n" + s);
    }

    /** Per channel, the times of its statistics events in Kafka, in order. */
    private static Map<String, List<Long>> statistics(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<Long>> times = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("evex.statistics"));
            long deadline = System.currentTimeMillis() + 10_000;
            int idle = 0;
            while (System.currentTimeMillis() < deadline && idle < 5) {
                var records = c.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (var r : records) {
                    JsonNode e = JSON.readTree(r.value());
                    times.computeIfAbsent(e.get("channel").asText(), k -> new ArrayList<>())
                            .add(e.get("system_timestamp").asLong());
                }
            }
        }
        times.values().forEach(l -> l.sort(null));
        return times;
    }

    @Test
    void threeNodesShareTwelveChannelsAndTheSurvivorsTakeAKilledNodesChannels() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir.resolve("kafka"))
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            String cluster = "kafka:servers=" + kafka.bootstrapServers() + ",group=site,partitions=24,session_timeout="
                    + SESSION_MS + "ms";
            twelveChannelsArePut(cluster);

            List<String> names = List.of("node-a", "node-b", "node-c");
            Map<String, Process> nodes = new HashMap<>();
            try {
                for (String n : names) {
                    nodes.put(n, start(cluster, n, kafka.bootstrapServers()));
                }
                String s = settled(dir, cluster, names, 12);
                List<String> lost = channelsOf(s, "node-a");

                long killed = System.currentTimeMillis();
                nodes.get("node-a").destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a crash: no goodbye
                s = settled(dir, cluster, List.of("node-b", "node-c"), 12);
                long moved = System.currentTimeMillis() - killed;
                System.out.println("failover: every channel of the killed node ran elsewhere after " + moved + " ms");
                assertTrue(moved <= SESSION_MS + 10_000 + 3_000, "failover took " + moved + " ms");
                assertTrue(s.matches("(?s).*node-a\\s+silent.*"), "a dead node shows as silent:\n" + s);

                nodes.put("node-a", start(cluster, "node-a", kafka.bootstrapServers())); // back, same id
                settled(dir, cluster, names, 12);

                theMovedChannelsPublishedAgain(kafka.bootstrapServers(), lost, killed);
            } finally {
                for (Process p : nodes.values()) {
                    p.destroy();
                }
                for (Process p : nodes.values()) {
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Twelve channels put into the cluster's topic with the CLI; an invalid one is refused before Kafka. */
    private void twelveChannelsArePut(String cluster) throws Exception {
        for (int i = 1; i <= 12; i++) {
            Path entry = dir.resolve("cam" + i + ".json");
            Files.writeString(
                    entry,
                    "{\"name\": \"cam" + i + "\", \"url\": \"lavfi:testsrc2=size=160x120:rate=10\","
                            + " \"motion\": {\"enabled\": false}, \"statistics_interval_ms\": 1000}");
            EvexProcess.Result put =
                    EvexProcess.run(dir, "channels", "put", "--cluster", cluster, "--file", entry.toString());
            assertEquals(0, put.exit(), put.toString());
        }
        EvexProcess.Result bad =
                EvexProcess.run(dir, "channels", "put", "--cluster", cluster, "--name", "x y", "--url", "z");
        assertEquals(1, bad.exit(), "an invalid channel is refused before it reaches Kafka: " + bad);
        EvexProcess.Result list = EvexProcess.run(dir, "channels", "list", "--cluster", cluster);
        assertTrue(list.out().contains("12 channel(s)"), list.toString());
    }

    /** Each channel of the killed node published again on its new node, with no silence longer than the failover. */
    private void theMovedChannelsPublishedAgain(String bootstrap, List<String> lost, long killed) throws Exception {
        Map<String, List<Long>> times = statistics(bootstrap);
        List<Long> firstEvents = new ArrayList<>();
        for (String channel : lost) {
            List<Long> t = times.getOrDefault(channel, List.of());
            t.stream().filter(x -> x > killed).findFirst().ifPresent(x -> firstEvents.add(x - killed));
            assertTrue(t.size() > 5, channel + ": " + t.size() + " statistics events");
            long gap = 0;
            for (int i = 1; i < t.size(); i++) {
                gap = Math.max(gap, t.get(i) - t.get(i - 1));
            }
            assertTrue(gap <= SESSION_MS + 10_000, channel + " was silent for " + gap + " ms");
        }
        firstEvents.sort(null);
        assertEquals(lost.size(), firstEvents.size(), "every channel of the killed node published again");
        System.out.println("failover: kill -9 to the first event of each moved channel on its new node, ms: "
                + firstEvents + " (session time-out " + SESSION_MS + " ms)");
    }

    private Process start(String cluster, String node, String bootstrap) throws Exception {
        Path home = Files.createDirectories(dir.resolve(node + "-" + System.nanoTime()));
        if (node.equals("node-c")) { // this one from a configuration file's cluster block
            Path config = home.resolve("evex.json");
            Files.writeString(config, """
                    {"cluster": {"servers": ["%s"], "group": "site", "node": "%s", "partitions": 24,
                                 "session_timeout": "%dms"}}
                    """.formatted(bootstrap, node, SESSION_MS));
            return EvexProcess.start(
                    home,
                    "run",
                    "--config",
                    config.toString(),
                    "--no-http",
                    "--export",
                    "kafka:servers=" + bootstrap + ",linger=0ms");
        }
        return EvexProcess.start(
                home,
                "run",
                "--cluster",
                cluster + ",node=" + node,
                "--no-http",
                "--export",
                "kafka:servers=" + bootstrap + ",linger=0ms");
    }
}
