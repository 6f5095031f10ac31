package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.bus.queue.Spool;
import io.evex.runtime.testing.Mosquitto;
import io.evex.runtime.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code evex} keeps and says when a destination is down: the spool across a SIGKILL, a replay that cannot finish. */
class CliDeliveryIT {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    private static final String TRACK = CliIT.TRACK;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void eventsSpooledByAKilledRuntimeReachTheBrokerAfterARestart() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String export = "mqtt:servers=127.0.0.1:" + port + ",qos=1,queue.size=100,reconnect_max=500ms";
        List<String> waiting = spooledByAKilledRun(export);

        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start()) {
            // Broker and port are the test's own; mosquitto_sub is the second, independent client.
            Path received = dir.resolve("received.jsonl");
            Process sub = new ProcessBuilder(
                            "mosquitto_sub",
                            "-h",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(broker.port()),
                            "-t",
                            "evex/#",
                            "-q",
                            "1")
                    .redirectOutput(received.toFile())
                    .redirectErrorStream(true)
                    .start();
            try {
                Thread.sleep(500);
                EvexProcess.Result second = EvexProcess.run(
                        dir,
                        "run",
                        "--synthetic",
                        "--rate",
                        "5",
                        "--no-http",
                        "--duration",
                        "8s",
                        "--export",
                        export.replace(String.valueOf(port), String.valueOf(broker.port())));
                assertEquals(0, second.exit(), second.toString());
                Thread.sleep(500);
            } finally {
                sub.destroy();
                sub.waitFor();
            }
            List<String> ids = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(received)) {
                if (line.startsWith("{")) {
                    ids.add(mapper.readTree(line).get("event_id").asText());
                }
            }
            assertTrue(ids.size() >= waiting.size(), ids.size() + " received, " + waiting.size() + " were spooled");
            assertEquals(waiting, ids.subList(0, waiting.size()), "the spooled events come first, in order");
        }
    }

    /** With no broker, events go to memory (100), then to the spool on disk; the run is killed with 500 there. */
    private List<String> spooledByAKilledRun(String export) throws Exception {
        Process first = EvexProcess.start(dir, "run", "--synthetic", "--rate", "300", "--no-http", "--export", export);
        Path spoolDir = dir.resolve(".evex/spool/mqtt");
        Waits.until("500 events in the spool", Duration.ofSeconds(60), () -> {
            try {
                return spooled(spoolDir) >= 500;
            } catch (java.io.IOException e) {
                return false; // a segment being written: look again
            }
        });
        first.destroyForcibly();
        assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        List<String> waiting = new java.util.ArrayList<>();
        try (Spool spool = new Spool(spoolDir, 1L << 30, true)) {
            for (byte[] r : spool.peek((int) spool.size())) {
                waiting.add(mapper.readTree(r).get("event_id").asText());
            }
        }
        assertTrue(waiting.size() >= 500, waiting.size() + " events spooled before the kill");
        return waiting;
    }

    private static long spooled(Path spoolDir) throws java.io.IOException {
        if (!Files.isDirectory(spoolDir)) {
            return 0;
        }
        try (var files = Files.list(spoolDir)) {
            return files.filter(f -> f.toString().endsWith(".seg"))
                            .mapToLong(f -> f.toFile().length())
                            .sum()
                    / 550;
        }
    }

    @Test
    void aReplayWhoseDestinationIsDownSaysWhatWaitsInTheSpoolAndExits3() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            lines.append(String.format(TRACK, i, i)).append('\n');
        }
        Path events = file("down.jsonl", lines.toString());
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EvexProcess.Result r = EvexProcess.run(
                dir,
                "replay",
                events.toString(),
                "--export",
                "mqtt:servers=127.0.0.1:" + closedPort + ",qos=1,reconnect_max=500ms,queue.spool_dir=spool-down");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("replayed 40 events"), r.toString());
        assertTrue(
                r.err()
                        .contains("warning: exporter 'mqtt' did not deliver 40 events: they wait in its spool at "
                                + dir.resolve("spool-down").toAbsolutePath()),
                r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
        // What waits there, read without changing it; then discarded on request.
        EvexProcess.Result listed = EvexProcess.run(dir, "spool", "spool-down");
        assertEquals(0, listed.exit(), listed.toString());
        assertTrue(listed.out().matches("(?s).*spool-down\\s+40\\s+[0-9,]+\\s+20[0-9-]+T.*ok.*"), listed.toString());
        EvexProcess.Result gone = EvexProcess.run(dir, "spool", "--discard", "spool-down");
        assertTrue(gone.out().contains("discarded: 40 event(s) deleted"), gone.toString());
        assertFalse(Files.exists(dir.resolve("spool-down")), gone.toString());
    }
}
