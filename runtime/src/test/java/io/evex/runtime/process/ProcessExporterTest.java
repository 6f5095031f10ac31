package io.evex.runtime.process;

import static io.evex.runtime.process.ProcessPipeline.descriptor;
import static io.evex.runtime.process.ProcessPipeline.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.exporter.ExporterSettings;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessExporterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private List<ExporterSettings> export(String... options) {
        return ExportOption.parseAll(List.of(options), List.of());
    }

    private static List<byte[]> splitNul(byte[] data) {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        for (byte b : data) {
            if (b == 0) {
                parts.add(part.toByteArray());
                part.reset();
            } else {
                part.write(b);
            }
        }
        assertEquals(0, part.size(), "the stream ends with a complete message");
        return parts;
    }

    @Test
    void eventsArriveByteExactEachEndedByOneNul() throws Exception {
        Path descriptors = descriptor(
                dir.resolve("d"),
                "cat",
                "{\"name\":\"raw\",\"events\":[\"track:3\"],"
                        + "\"command\":[\"sh\",\"-c\",\"cat > \\\"$EVEX_WORKDIR/raw.bin\\\"\"]}");
        List<ObjectNode> sent;
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(descriptors), export("raw"))) {
            sent = p.publish(0, 500);
        }
        List<byte[]> messages = splitNul(Files.readAllBytes(dir.resolve("raw.bin")));
        assertEquals(500, messages.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(
                    new String(mapper.writeValueAsBytes(sent.get(i))), new String(messages.get(i)), "message " + i);
        }
    }

    @Test
    void eachDescriptorGetsItsNegotiatedVersionAndSeesItInTheEnvironment() throws Exception {
        String command =
                "\"command\":[\"sh\",\"-c\",\"echo \\\"$EVEX_SCHEMAS\\\" > schemas.txt; tr '\\\\000' '\\\\n' > events.txt\"]";
        Path d = dir.resolve("d");
        descriptor(d, "old", "{\"name\":\"old\",\"events\":{\"track\":[1]}," + command + "}");
        descriptor(d, "new", "{\"name\":\"new\",\"events\":{\"track\":[1,2],\"event-motion\":1}," + command + "}");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("old", "new"))) {
            p.publish(0, 3);
        }
        assertEquals(
                "{\"track\":1}", Files.readString(d.resolve("old/schemas.txt")).trim());
        assertEquals(
                "{\"event-motion\":1,\"track\":2}",
                Files.readString(d.resolve("new/schemas.txt")).trim());
        JsonNode v1 =
                mapper.readTree(Files.readAllLines(d.resolve("old/events.txt")).get(0));
        assertEquals(1, v1.get("$version").asInt());
        assertEquals(0.1, v1.at("/location/x").asDouble());
        assertEquals(
                2,
                mapper.readTree(Files.readAllLines(d.resolve("new/events.txt")).get(0))
                        .get("$version")
                        .asInt());
    }

    @Test
    void settingsAreSubstitutedIntoTheCommandWithDeploymentOverrides() throws Exception {
        Path d = descriptor(dir.resolve("d"), "args", """
                {"name": "args", "events": ["track:2"],
                 "command": "sh -c 'printf \\"%s|\\" \\"$@\\" > \\"$EVEX_WORKDIR/args.txt\\"; cat > /dev/null' sh {settings.greeting} --level={settings.level} '{settings.mode} mode'",
                 "settings": {
                   "greeting": {"type": "text", "default": "hello"},
                   "level": {"type": "int", "min": 1, "max": 9, "default": 3},
                   "mode": {"type": "combobox", "options": ["fast", "safe"], "default": "safe"}
                 }}""");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("args:level=7,mode=fast"))) {
            p.publish(0, 1);
        }
        assertEquals("hello|--level=7|fast mode|", Files.readString(dir.resolve("args.txt")));
    }

    @Test
    void aDescriptorAsCvediaWritesItLoadsAndRuns() throws Exception {
        // Any display name, a key of CVEDIA-RT's own, "*" minus one type, and a tag with a space in a string command.
        Path d = descriptor(dir.resolve("cvedia"), "json-exporter", """
                {"name": "JSON Exporter", "version": "1.0",
                 "events": {"*": 1, "track": 0},
                 "command": "sh -c 'printf \\"%s|\\" \\"$@\\" > \\"$EVEX_WORKDIR/args.txt\\"; cat > /dev/null' sh {sys.time %Y %m}"}""");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("json-exporter"))) {
            assertEquals(List.of(), p.evex().refusals());
            assertTrue(p.evex()
                    .kinds()
                    .get("json-exporter")
                    .factory()
                    .description()
                    .startsWith("JSON Exporter: "));
            assertTrue(!p.stats("json-exporter").negotiated().containsKey("track"), "every type but track");
            assertTrue(p.stats("json-exporter").negotiated().containsKey("event-motion"));
            p.publish(0, 1);
        }
        String year = String.valueOf(java.time.Year.now().getValue());
        String month = String.format("%02d", java.time.LocalDate.now().getMonthValue());
        assertEquals(
                year + " " + month + "|", Files.readString(dir.resolve("args.txt")), "the tag stayed one argument");
    }

    @Test
    void aKilledProgramIsRestartedAndEventsQueuedMeanwhileAllArrive() throws Exception {
        Path d = descriptor(
                dir.resolve("d"),
                "py",
                "{\"name\":\"py\",\"events\":[\"track:2\"],"
                        + "\"command\":[\"python3\",\""
                        + ProcessPipeline.EXAMPLES.resolve("python-jsonl/jsonl_exporter.py")
                        + "\",\"--out\",\"out.jsonl\"],"
                        + "\"restart\":{\"policy\":\"always\",\"initial_backoff_ms\":300,\"max_backoff_ms\":1000}}");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("py"))) {
            p.publish(0, 10);
            waitFor("10 events written", () -> lines(dir.resolve("out.jsonl")) == 10);
            long pid = ((Number) p.stats("py").details().get("pid")).longValue();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            waitFor(
                    "the program to die",
                    () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            p.publish(10, 200);
            // a message the dead program had read but not written may come again: count distinct ids
            waitFor(
                    "all 210 events written",
                    () -> ids(dir.resolve("out.jsonl")).size() == 210);
            ExporterStats s = p.stats("py");
            assertEquals(1L, s.details().get("restarts"), s.toString());
            assertEquals(0L, s.details().getOrDefault("lost", 0L), s.toString());
            assertEquals(0, s.dropped());
            assertTrue(((Number) s.details().get("pid")).longValue() != pid);
        }
        assertEquals(210, ids(dir.resolve("out.jsonl")).size());
    }

    /** The event ids of the whole lines of a JSON-lines file (a line being written is left out). */
    private Set<String> ids(Path file) {
        Set<String> ids = new HashSet<>();
        try {
            for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
                JsonNode event = mapper.readTree(line);
                ids.add(event.path("event_id").asText());
            }
        } catch (java.io.IOException e) {
            // a line cut short while the program writes it: the next look reads it whole
        }
        return ids;
    }

    @Test
    void atLeastOnceRedeliversWhatAKilledProgramDidNotAcknowledge() throws Exception {
        Path d = descriptor(
                dir.resolve("d"),
                "ack",
                "{\"name\":\"ack\",\"events\":[\"track:2\"],\"delivery\":\"at-least-once\","
                        + "\"command\":[\"python3\",\""
                        + ProcessPipeline.EXAMPLES.resolve("python-jsonl/jsonl_exporter.py")
                        + "\",\"--out\",\"acked.jsonl\",\"--ack\"],"
                        + "\"queue\":{\"size\":500,\"overflow\":\"block\"},"
                        + "\"restart\":{\"policy\":\"always\",\"initial_backoff_ms\":100,\"max_backoff_ms\":500}}");
        List<ObjectNode> sent = new ArrayList<>();
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("ack"))) {
            Thread killer = new Thread(() -> {
                try {
                    waitFor("some events handled", () -> lines(dir.resolve("acked.jsonl")) > 300);
                    long pid = ((Number) p.stats("ack").details().get("pid")).longValue();
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            for (int i = 0; i < 2000; i += 100) {
                sent.addAll(p.publish(i, 100));
            }
            killer.join();
            waitFor(
                    "every event acknowledged",
                    () -> (Integer) p.stats("ack").details().get("unacknowledged") == 0
                            && p.stats("ack").queued() == 0
                            && p.stats("ack").delivered() == 2000);
            assertEquals(1L, p.stats("ack").details().get("restarts"));
        }
        List<String> written = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("acked.jsonl"))) {
            written.add(mapper.readTree(line).get("event_id").asText());
        }
        Set<String> unique = new HashSet<>(written);
        assertEquals(2000, unique.size(), "nothing lost");
        for (ObjectNode e : sent) {
            assertTrue(unique.contains(e.get("event_id").asText()));
        }
        assertTrue(written.size() >= 2000, "duplicates are allowed (at least once), losses are not");
    }

    @Test
    void aProgramThatNeverReadsStallsNeitherTheBusNorOtherExporters() throws Exception {
        Path d = dir.resolve("d");
        descriptor(
                d,
                "stuck",
                "{\"name\":\"stuck\",\"events\":[\"track:2\"],\"command\":[\"sleep\",\"600\"],"
                        + "\"queue\":{\"size\":100,\"overflow\":\"drop-oldest\"},\"shutdown_grace_ms\":200}");
        // The healthy one blocks the publisher when full (so the test counts exactly); the stuck one must never do so.
        descriptor(
                d,
                "ok",
                "{\"name\":\"ok\",\"events\":[\"track:2\"],\"command\":[\"sh\",\"-c\",\"tr '\\\\000' '\\\\n' > \\\"$EVEX_WORKDIR/ok.txt\\\"\"],"
                        + "\"queue\":{\"size\":1000,\"overflow\":\"block\"}}");
        long started = System.nanoTime();
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("stuck", "ok"))) {
            p.publish(0, 20_000);
            try {
                waitFor(
                        "the healthy exporter to get everything",
                        () -> p.stats("ok").delivered() == 20_000);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + p.stats("ok") + " / " + p.stats("stuck"), e);
            }
            assertTrue(p.stats("stuck").dropped() > 15_000, p.stats("stuck").toString());
        }
        assertTrue((System.nanoTime() - started) / 1e9 < 30, "shutdown was not held up by the stuck program");
        assertEquals(20_000, lines(dir.resolve("ok.txt")));
    }

    @Test
    void aProgramIgnoringEndOfInputIsKilledAfterTheGracePeriod() throws Exception {
        Path d = descriptor(
                dir.resolve("d"),
                "stubborn",
                "{\"name\":\"stubborn\",\"events\":[\"track:2\"],"
                        + "\"command\":[\"sh\",\"-c\",\"cat > /dev/null; exec sleep 600\"],\"shutdown_grace_ms\":300}");
        long pid;
        long t0;
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("stubborn"))) {
            p.publish(0, 5);
            waitFor("delivery", () -> p.stats("stubborn").delivered() == 5);
            pid = ((Number) p.stats("stubborn").details().get("pid")).longValue();
            t0 = System.nanoTime();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the program is gone");
        assertTrue(seconds >= 0.3 && seconds < 5, "stopped after the grace period, took " + seconds + " s");
    }

    @Test
    void aProgramThatCannotStartIsReportedAndRetriedWithoutStoppingTheRuntime() throws Exception {
        Path d = descriptor(
                dir.resolve("d"),
                "missing",
                "{\"name\":\"missing\",\"events\":[\"track:2\"],"
                        + "\"command\":\"no-such-interpreter-9 x.py\",\"restart\":{\"initial_backoff_ms\":50,\"max_backoff_ms\":100}}");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("missing"))) {
            p.publish(0, 3);
            waitFor("retries", () -> p.stats("missing").retries() >= 3);
            ExporterStats s = p.stats("missing");
            assertEquals("restarting", s.details().get("process"), s.toString());
            assertEquals(0, s.delivered());
        }
    }

    @Test
    void batchesAreJsonArraysOfUpToMaxEvents() throws Exception {
        Path d = descriptor(
                dir.resolve("d"),
                "batch",
                "{\"name\":\"batch\",\"events\":[\"track:2\"],"
                        + "\"command\":[\"sh\",\"-c\",\"cat > \\\"$EVEX_WORKDIR/batches.bin\\\"\"],\"batch\":{\"max_events\":4,\"max_delay_ms\":1000},"
                        + "\"queue\":{\"size\":100,\"overflow\":\"block\"}}");
        try (ProcessPipeline p = new ProcessPipeline(dir, List.of(d), export("batch"))) {
            p.publish(0, 10);
        }
        int total = 0;
        for (byte[] message : splitNul(Files.readAllBytes(dir.resolve("batches.bin")))) {
            JsonNode batch = mapper.readTree(message);
            assertTrue(batch.isArray() && batch.size() >= 1 && batch.size() <= 4, batch.toString());
            total += batch.size();
        }
        assertEquals(10, total);
    }

    static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
