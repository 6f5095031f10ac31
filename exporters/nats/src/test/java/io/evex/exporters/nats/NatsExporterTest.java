package io.evex.exporters.nats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.testing.Pipelines;
import io.evex.runtime.testing.Waits;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NATS exporter against Debian's nats-server with JetStream, started by each test, read back with jnats. */
class NatsExporterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every message of the stream, in stream order. */
    private static List<MessageInfo> stream(String url) throws Exception {
        List<MessageInfo> out = new ArrayList<>();
        try (Connection c = Nats.connect(url)) {
            JetStreamManagement jsm = c.jetStreamManagement();
            long last = jsm.getStreamInfo("EVEX").getStreamState().getLastSequence();
            for (long seq = 1; seq <= last; seq++) {
                out.add(jsm.getMessage("EVEX", seq));
            }
        }
        return out;
    }

    @Test
    void messagesAreTheJsonExportersLinesWithTheEventIdAsMessageId() throws Exception {
        try (NatsServer nats = new NatsServer(dir.resolve("nats")).start()) {
            List<ObjectNode> sent = new ArrayList<>();
            try (Evex evex = Pipelines.start(
                    dir, "nats:servers=" + nats.url(), "json:path=events.jsonl,events=event-motion:1")) {
                assertEquals(List.of(), evex.refusals());
                for (int i = 0; i < 300; i++) {
                    ObjectNode e = Pipelines.motion(i % 2 == 0 ? "lobby" : "dock", i);
                    sent.add(e.deepCopy());
                    evex.bus().publish(e);
                }
                // The same event again (a producer's retry): stored once.
                evex.bus().publish(sent.get(5).deepCopy());
            }
            List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
            List<MessageInfo> stored = stream(nats.url());
            assertEquals(300, stored.size(), "every event once; the repeated one de-duplicated by its id");
            for (int i = 0; i < 300; i++) {
                MessageInfo m = stored.get(i);
                assertArrayEquals(lines.get(i).getBytes(StandardCharsets.UTF_8), m.getData(), "message " + i);
                assertEquals(
                        sent.get(i).get("event_id").asText(), m.getHeaders().getFirst("Nats-Msg-Id"));
                assertEquals("event-motion", m.getHeaders().getFirst("$id"));
                assertEquals((i % 2 == 0 ? "evex.lobby" : "evex.dock") + ".event-motion", m.getSubject());
            }
        }
    }

    @Test
    void aServerRestartLosesNothingAndDuplicatesNothing() throws Exception {
        try (NatsServer nats = new NatsServer(dir.resolve("nats")).start()) {
            try (Evex evex = Pipelines.start(dir, "nats:servers=" + nats.url() + ",ack_timeout_ms=1000")) {
                assertEquals(List.of(), evex.refusals());
                for (int i = 0; i < 400; i++) {
                    evex.bus().publish(Pipelines.motion("lobby", i));
                    Thread.sleep(i > 150 && i <= 250 ? 30 : 5); // 3 s of events while the server is gone
                    if (i == 150) {
                        nats.stop();
                    }
                    if (i == 250) {
                        nats.start();
                    }
                }
                long deadline = System.currentTimeMillis() + 30_000;
                ExporterStats s = evex.bus().stats().get(0);
                while (s.delivered() < 400 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                    s = evex.bus().stats().get(0);
                }
                assertEquals(0, s.dropped(), s.toString());
                assertEquals(0, s.failed(), s.toString());
            }
            List<MessageInfo> stored = stream(nats.url());
            List<Long> frames = new ArrayList<>();
            for (MessageInfo m : stored) {
                frames.add(MAPPER.readTree(m.getData()).get("frame_id").asLong());
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 400; i++) {
                expected.add(i);
            }
            assertEquals(expected, frames, "every event exactly once, in order, across the restart");
            assertTrue(stored.size() == 400);
        }
    }

    @Test
    void aSubjectNoStreamStoresIsRefusedForGoodAndSaidClearly() throws Exception {
        try (NatsServer nats = new NatsServer(dir.resolve("nats")).start()) {
            try (Evex evex = Pipelines.start(dir, "nats:servers=" + nats.url() + ",subject=elsewhere.{obj.channel}")) {
                for (int i = 0; i < 20; i++) {
                    evex.bus().publish(Pipelines.motion("lobby", i));
                }
                Waits.until(
                        "the exporter to fail",
                        Duration.ofSeconds(20),
                        () -> "failed"
                                .equals(evex.bus().stats().get(0).details().get("state")));
                assertEquals(
                        "failed",
                        evex.bus().stats().get(0).details().get("state"),
                        "the server's refusal was understood");
                // What comes after is refused for good at once, not retried for ever.
                for (int i = 20; i < 25; i++) {
                    evex.bus().publish(Pipelines.motion("lobby", i));
                }
                Waits.until(
                        "the 5 events after it to fail",
                        Duration.ofSeconds(20),
                        () -> evex.bus().stats().get(0).failed() >= 5);
            }
        }
    }

    /** A stream made by an operator before Evex starts, under another name than Evex's default. */
    private static void operatorStream(String url, String name, String subjects) throws Exception {
        try (Connection c = Nats.connect(url)) {
            c.jetStreamManagement()
                    .addStream(io.nats.client.api.StreamConfiguration.builder()
                            .name(name)
                            .subjects(subjects)
                            .storageType(io.nats.client.api.StorageType.Memory)
                            .build());
        }
    }

    private static long stored(String url, String stream) throws Exception {
        try (Connection c = Nats.connect(url)) {
            return c.jetStreamManagement()
                    .getStreamInfo(stream)
                    .getStreamState()
                    .getMsgCount();
        }
    }

    @Test
    void aStreamAnOperatorMadeIsFoundByItsSubjectsWhateverItsNameWithOrWithoutCreateStream() throws Exception {
        try (NatsServer nats = new NatsServer(dir.resolve("nats")).start()) {
            operatorStream(nats.url(), "OPS", "evex.>");
            for (String settings : List.of("", ",create_stream=false")) {
                try (Evex evex = Pipelines.start(dir, "nats:servers=" + nats.url() + settings)) {
                    assertEquals(List.of(), evex.refusals());
                    for (int i = 0; i < 20; i++) {
                        evex.bus().publish(Pipelines.motion("lobby", i));
                    }
                    Waits.until(
                            "20 events delivered" + settings,
                            Duration.ofSeconds(20),
                            () -> evex.bus().stats().get(0).delivered() >= 20);
                    assertEquals(0, evex.bus().stats().get(0).failed());
                    assertEquals("OPS", evex.bus().stats().get(0).details().get("stream"));
                }
            }
            assertEquals(40, stored(nats.url(), "OPS"), "both runs published into the operator's stream");
            try (Connection c = Nats.connect(nats.url())) {
                assertEquals(List.of("OPS"), c.jetStreamManagement().getStreamNames(), "no stream of Evex's own");
            }
        }
    }

    @Test
    void withoutAStreamAndWithoutCreateStreamTheExporterRefusesForGoodSayingSo() throws Exception {
        try (NatsServer nats = new NatsServer(dir.resolve("nats")).start()) {
            operatorStream(nats.url(), "OTHER", "other.>");
            try (Evex evex = Pipelines.start(dir, "nats:servers=" + nats.url() + ",create_stream=false")) {
                // Refused at start, for good, saying why: never events re-sent for ever to an "unreachable" server.
                String why = String.valueOf(evex.refusals());
                assertTrue(why.contains("no JetStream stream") && why.contains("create_stream is false"), why);
                assertEquals(List.of(), evex.bus().stats(), "no exporter left running");
            }
        }
    }
}
