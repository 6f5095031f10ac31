package io.evex.exporters.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka exporter against a real Kafka cluster started by the test, read back by a real consumer. */
class KafkaExporterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void recordsAreByteEqualToTheJsonExportersLinesAndInOrderPerChannel() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            try (Evex evex = Pipelines.start(
                    dir,
                    "kafka:bootstrap=" + kafka.bootstrap() + ",linger_ms=2",
                    "json:path=events.jsonl,events=event-motion:1")) {
                assertEquals(List.of(), evex.refusals());
                for (int i = 0; i < 600; i++) {
                    evex.bus()
                            .publish(Pipelines.motion(
                                    List.of("lobby", "dock", "gate").get(i % 3), i));
                }
            }
            List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
            assertEquals(600, lines.size());
            List<ConsumerRecord<byte[], byte[]>> records = kafka.read("evex.event-motion", 600, Duration.ofSeconds(30));
            assertEquals(600, records.size(), "every event, once");
            Map<String, List<String>> byKey = new HashMap<>();
            Map<String, String> lineById = new HashMap<>();
            for (String line : lines) {
                lineById.put(MAPPER.readTree(line).get("event_id").asText(), line);
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                String id = MAPPER.readTree(value).get("event_id").asText();
                assertArrayEquals(lineById.get(id).getBytes(StandardCharsets.UTF_8), r.value(), "record " + id);
                assertEquals(Map.of("$id", "event-motion", "$version", "1"), KafkaCluster.headers(r));
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertEquals(MAPPER.readTree(value).get("channel").asText(), key, "keyed by channel");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
            // Per key (one partition each), records come in the order the events were published.
            for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
                List<Long> frames = new ArrayList<>();
                for (String v : e.getValue()) {
                    frames.add(MAPPER.readTree(v).get("frame_id").asLong());
                }
                List<Long> sorted = new ArrayList<>(frames);
                sorted.sort(null);
                assertEquals(sorted, frames, "in order for " + e.getKey());
                assertEquals(200, frames.size());
            }
        }
    }

    @Test
    void eventsPublishedWhileTheClusterIsAwayArriveWhenItIsBackInOrder() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Evex evex = Pipelines.start(dir, "kafka:bootstrap=127.0.0.1:" + port + ",max_block_ms=300")) {
            assertEquals(List.of(), evex.refusals());
            for (int i = 0; i < 50; i++) {
                evex.bus().publish(Pipelines.motion("lobby", i));
            }
            ExporterStats s = evex.bus().stats().get(0);
            for (long deadline = System.currentTimeMillis() + 15_000;
                    s.retries() < 2 && System.currentTimeMillis() < deadline; ) {
                Thread.sleep(100);
                s = evex.bus().stats().get(0);
            }
            assertEquals(0, s.dropped(), "nothing dropped");
            assertEquals(0, s.failed(), "nothing failed for good");
            assertTrue(s.retries() > 0, "retried: " + s);
            assertTrue(s.delivered() <= 1, "at most the first was taken before the absence was known: " + s);
            assertEquals("unreachable", s.details().get("state"), s.toString());
        } // stopped with the cluster still away: what waited goes to the spool
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            try (Evex evex = Pipelines.start(dir, "kafka:bootstrap=" + kafka.bootstrap())) {
                assertEquals(List.of(), evex.refusals());
                List<ConsumerRecord<byte[], byte[]>> records =
                        kafka.read("evex.event-motion", 50, Duration.ofSeconds(30));
                List<Long> frames = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    frames.add(MAPPER.readTree(r.value()).get("frame_id").asLong());
                }
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < 50; i++) {
                    expected.add(i);
                }
                assertEquals(expected, frames, "every event, once, in order, from the spool");
            }
        }
    }
}
