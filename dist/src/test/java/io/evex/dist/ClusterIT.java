package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling-out walkthrough as a user runs it: a Kafka cluster, channels put with
 * {@code evex channels put}, two {@code evex run --cluster} nodes as processes sharing them, {@code
 * evex cluster status} saying who runs what, and one node killed (SIGKILL) whose channels the other
 * takes once the session time-out has passed.
 */
class ClusterIT {

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

    @Test
    void twoNodesShareTheChannelsAndASurvivorTakesADeadNodesChannels() throws Exception {
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
            String cluster =
                    "kafka:bootstrap=" + kafka.bootstrapServers() + ",group=site,partitions=12,session_timeout_ms=6000";
            for (int i = 1; i <= 4; i++) {
                EvexProcess.Result put = EvexProcess.run(
                        dir,
                        "channels",
                        "put",
                        "--cluster",
                        cluster,
                        "--name",
                        "cam" + i,
                        "--url",
                        "lavfi:testsrc2=size=160x120:rate=10");
                assertEquals(0, put.exit(), put.toString());
            }
            EvexProcess.Result bad =
                    EvexProcess.run(dir, "channels", "put", "--cluster", cluster, "--name", "x y", "--url", "z");
            assertEquals(1, bad.exit(), "an invalid channel is refused before it reaches Kafka: " + bad);
            EvexProcess.Result list = EvexProcess.run(dir, "channels", "list", "--cluster", cluster);
            assertTrue(list.out().contains("4 channel(s)"), list.toString());

            Path a = Files.createDirectories(dir.resolve("a"));
            Path b = Files.createDirectories(dir.resolve("b"));
            Process nodeA = EvexProcess.start(
                    a, "run", "--cluster", cluster + ",node=node-a", "--no-http", "--export", "json:path=events.jsonl");
            Process nodeB = EvexProcess.start(
                    b, "run", "--cluster", cluster + ",node=node-b", "--no-http", "--export", "json:path=events.jsonl");
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                String s = "";
                while (System.currentTimeMillis() < deadline) {
                    s = status(dir, cluster);
                    List<String> both = new ArrayList<>(channelsOf(s, "node-a"));
                    both.addAll(channelsOf(s, "node-b"));
                    if (both.size() == 4
                            && both.stream().distinct().count() == 4
                            && !channelsOf(s, "node-a").isEmpty()
                            && !channelsOf(s, "node-b").isEmpty()) {
                        break;
                    }
                    Thread.sleep(1000);
                }
                assertEquals(
                        4,
                        channelsOf(s, "node-a").size() + channelsOf(s, "node-b").size(),
                        "each channel on one node:\n" + s);

                nodeA.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // a crash: no goodbye to the group
                deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline
                        && channelsOf(s = status(dir, cluster), "node-b").size() < 4) {
                    Thread.sleep(1000);
                }
                assertEquals(
                        4,
                        channelsOf(s, "node-b").size(),
                        "node-b took node-a's channels after the session time-out:\n" + s);
                assertTrue(s.matches("(?s).*node-a\\s+silent.*"), "a dead node shows as silent:\n" + s);
            } finally {
                nodeA.destroyForcibly();
                nodeB.destroy();
                nodeB.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
