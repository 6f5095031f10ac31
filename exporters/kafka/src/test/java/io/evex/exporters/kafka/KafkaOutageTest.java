package io.evex.exporters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Pipelines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 10 s while events stream at 500/s: the producer's records expire (the
 * delivery time-out is shorter than the outage), the exporter sends them again in order and the
 * runtime keeps the new ones meanwhile. Every event must reach Kafka, in order per channel.
 */
class KafkaOutageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> CHANNELS = List.of("lobby", "dock", "gate");
    private static final int RATE = 500;

    @TempDir
    Path dir;

    @Test
    void aTenSecondBrokerOutageUnder500EventsPerSecondLosesNothingAndKeepsEachChannelInOrder() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            int sent;
            try (Evex evex = Pipelines.start(
                    dir, "kafka:bootstrap=" + kafka.bootstrap() + ",max_block_ms=500,delivery_timeout_ms=4000")) {
                assertEquals(List.of(), evex.refusals());
                long start = System.nanoTime();
                sent = 0;
                boolean stopped = false;
                boolean restarted = false;
                // 20 s of events: the broker is down from 5 s to 15 s.
                while (true) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (elapsed >= 20) {
                        break;
                    }
                    if (!stopped && elapsed >= 5) {
                        kafka.stopBroker();
                        stopped = true;
                    } else if (stopped && !restarted && elapsed >= 15) {
                        kafka.startBroker();
                        restarted = true;
                    }
                    int due = (int) (elapsed * RATE);
                    while (sent < due) {
                        evex.bus().publish(Pipelines.motion(CHANNELS.get(sent % 3), sent / 3));
                        sent++;
                    }
                    Thread.sleep(2);
                }
                List<ConsumerRecord<byte[], byte[]>> records =
                        kafka.read("evex.event-motion", sent, Duration.ofSeconds(90));
                ExporterStats stats = evex.bus().stats().get(0);
                assertEquals(0, stats.dropped(), stats.toString());
                assertEquals(0, stats.failed(), stats.toString());
                assertTrue(stats.retries() > 0, "the outage was felt: " + stats);
                assertEveryEventOnceInOrder(records, sent);
            }
        }
    }

    /** Each channel's frame ids 0..n-1 appear, first copies in order; a re-sent copy may repeat one. */
    private static void assertEveryEventOnceInOrder(List<ConsumerRecord<byte[], byte[]>> records, int sent)
            throws Exception {
        Map<String, List<Long>> firstCopies = new LinkedHashMap<>();
        Map<String, Set<Long>> seen = new LinkedHashMap<>();
        int repeats = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode e = MAPPER.readTree(r.value());
            String channel = e.get("channel").asText();
            long frame = e.get("frame_id").asLong();
            if (seen.computeIfAbsent(channel, c -> new HashSet<>()).add(frame)) {
                firstCopies.computeIfAbsent(channel, c -> new ArrayList<>()).add(frame);
            } else {
                repeats++;
            }
        }
        System.out.printf(
                "outage: %d events sent, %d records read, %d repeated copies%n", sent, records.size(), repeats);
        for (int c = 0; c < CHANNELS.size(); c++) {
            String channel = CHANNELS.get(c);
            int count = sent / 3 + (c < sent % 3 ? 1 : 0);
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                expected.add(i);
            }
            List<Long> got = firstCopies.getOrDefault(channel, List.of());
            assertEquals(count, got.size(), channel + ": every event arrived");
            assertEquals(expected, got, channel + ": in the order published");
        }
    }
}
