package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.bus.queue.Spool;
import io.evex.runtime.testing.Mosquitto;
import io.evex.runtime.video.TestVideos;
import io.evex.schemas.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evex} command run as a process: exit codes, output, files written. */
class CliIT {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventCatalog catalog = EventCatalog.load();

    private static final String TRACK =
            "{\"$id\":\"track\",\"$version\":1,\"event_id\":\"e%d\",\"channel\":\"gate\",\"frame_id\":%d,"
                    + "\"frame_time\":1.5,\"system_timestamp\":1795446600123,\"system_date\":\"2026-11-23T15:10:00.123Z\","
                    + "\"tracking_id\":\"t1\",\"object_class\":\"Person\",\"location\":{\"x\":0.1,\"y\":0.2,\"width\":0.3,\"height\":0.4}}";

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void helpListsTheCommandsAndAnUnknownOptionIsAUsageError() throws Exception {
        EvexProcess.Result help = EvexProcess.run(dir, "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String command : List.of("run", "replay", "validate", "schemas", "exporters")) {
            assertTrue(help.out().contains("  " + command + " "), help.toString());
        }
        EvexProcess.Result bad = EvexProcess.run(dir, "run", "--no-such-option");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("Unknown option: '--no-such-option'"), bad.toString());
    }

    @Test
    void theSyntheticSourceWritesValidEventsAndSaysWhere() throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--duration", "3s", "--rate", "100");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("exporter 'json' (json) -> out/{obj.channel}/events.jsonl"), r.toString());
        for (String channel : List.of("lobby", "dock")) {
            List<String> lines = Files.readAllLines(dir.resolve("out/" + channel + "/events.jsonl"));
            assertTrue(lines.size() > 20, channel + ": " + lines.size() + " events");
            for (String line : lines) {
                JsonNode event = mapper.readTree(line);
                assertEquals(List.of(), catalog.validate(event, channel, 0), line);
                assertEquals(channel, event.get("channel").asText());
            }
            assertEquals(
                    "channel-status",
                    mapper.readTree(lines.get(lines.size() - 1)).get("$id").asText(),
                    "a clean stop ends with the channel going offline, fully written");
        }
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    void replayReExportsInTheNegotiatedVersionAndStopsAtAnInvalidLine() throws Exception {
        Path good = file("good.jsonl", String.format(TRACK, 1, 1) + "\n\n" + String.format(TRACK, 2, 2) + "\n");
        EvexProcess.Result r =
                EvexProcess.run(dir, "replay", good.toString(), "--export", "json:path=v2.jsonl,events=track:2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("replayed 2 events"), r.toString());
        List<String> v2 = Files.readAllLines(dir.resolve("v2.jsonl"));
        assertEquals(2, v2.size());
        assertEquals(0.1, mapper.readTree(v2.get(0)).at("/box/l").asDouble(), "converted from v1 to v2");

        Path bad = file(
                "bad.jsonl",
                String.format(TRACK, 1, 1) + "\n" + String.format(TRACK, 2, -5) + "\n{oops\n"
                        + String.format(TRACK, 4, 4) + "\n");
        r = EvexProcess.run(dir, "replay", bad.toString(), "--export", "json:path=stopped.jsonl");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.jsonl:2: /frame_id: "), r.toString());
        assertTrue(r.err().contains("replay stopped at line 2 (1 events before it were exported)"), r.toString());
        assertEquals(1, Files.readAllLines(dir.resolve("stopped.jsonl")).size());

        r = EvexProcess.run(dir, "replay", bad.toString(), "--skip-invalid", "--export", "json:path=skipped.jsonl");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.jsonl:3: not valid JSON"), r.toString());
        assertTrue(r.out().contains("replayed 2 events from " + bad + ", skipped 2 invalid lines"), r.toString());
        assertEquals(2, Files.readAllLines(dir.resolve("skipped.jsonl")).size());
    }

    @Test
    void theDefaultRunPlaysTheSampleDetectsMotionRecordsMp4AndServesHls() throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--duration", "11s", "--http-port", "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out().contains("channel 'lobby' from the bundled sample video, motion detection on"), r.toString());
        assertTrue(r.out().contains("exporter 'json' (json) -> out/{obj.channel}/events.jsonl"), r.toString());
        assertTrue(r.out().contains("exporter 'mp4' (mp4) -> out/{obj.channel}/video/"), r.toString());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*exporter 'hls' \\(hls\\)\n.*evex:   lobby: http://localhost:\\d+/hls/lobby/index\\.m3u8\n.*"),
                r.toString());

        List<String> lines = Files.readAllLines(dir.resolve("out/lobby/events.jsonl"));
        long motion = 0;
        for (String line : lines) {
            JsonNode event = mapper.readTree(line);
            assertEquals(List.of(), catalog.validate(event, "events.jsonl", 0), line);
            motion += event.get("$id").asText().equals("event-motion") ? 1 : 0;
        }
        assertTrue(motion >= 3, "the object crossing between 2 and 6 s: " + motion + " motion events");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"statistics\"")), "a statistics event after 10 s");

        Path mp4;
        try (var files = Files.list(dir.resolve("out/lobby/video"))) {
            mp4 = files.findFirst().orElseThrow();
        }
        String probe = TestVideos.run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames",
                        "-of",
                        "csv=p=0",
                        mp4.toString()))
                .trim();
        String[] fields = probe.split(",");
        assertEquals("h264,640,360", fields[0] + "," + fields[1] + "," + fields[2], probe);
        assertTrue(Integer.parseInt(fields[3]) >= 230, "~11 s at 25 fps: " + probe);
        String playlist = Files.readString(dir.resolve("out/hls/lobby/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), "a stopped stream's playlist is closed: " + playlist);
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    void aChannelThatCannotBeReadEndsTheRunWithAClearErrorAndExitCode1() throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--channel", "door=missing.mp4", "--no-http");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.err().contains("channel 'door': cannot open ")
                        && r.err().contains("missing.mp4: No such file or directory"),
                r.toString());
        assertTrue(r.out().contains("every channel has ended"), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
        EvexProcess.Result bad = EvexProcess.run(dir, "run", "--channel", "nameless");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--channel 'nameless' must be NAME=URL"), bad.toString());
    }

    @Test
    void anMp4RecordingSurvivesARuntimeKilledWithSigkill() throws Exception {
        Process p = EvexProcess.start(dir, "run", "--no-http", "--export", "mp4:path=rec.mp4,segment_seconds=0");
        Path file = dir.resolve("rec.mp4");
        long deadline = System.currentTimeMillis() + 60_000;
        while ((!Files.exists(file) || Files.size(file) < 150_000) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1_000);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        String probe = TestVideos.run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name,nb_read_frames",
                        "-of",
                        "csv=p=0",
                        file.toString()))
                .trim();
        assertTrue(probe.startsWith("h264,"), probe);
        assertTrue(Integer.parseInt(probe.split(",")[1]) >= 50, "at least 2 s of video readable: " + probe);
        // Every fragment on disk decodes without an error.
        TestVideos.run(
                List.of("ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-"));
    }

    @Test
    void eventsSpooledByAKilledRuntimeReachTheBrokerAfterARestart() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String export = "mqtt:port=" + port + ",qos=1,queue.size=100,reconnect_max_ms=500";
        // No broker yet: events go to memory (100), then to the spool on disk.
        Process first = EvexProcess.start(dir, "run", "--synthetic", "--rate", "300", "--no-http", "--export", export);
        Path spoolDir = dir.resolve(".evex/spool/mqtt");
        long deadline = System.currentTimeMillis() + 60_000;
        while (spooled(spoolDir) < 500 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        List<String> waiting = new java.util.ArrayList<>();
        try (Spool spool = new Spool(spoolDir, 1L << 30, true)) {
            for (byte[] r : spool.peek((int) spool.size())) {
                waiting.add(mapper.readTree(r).get("event_id").asText());
            }
        }
        assertTrue(waiting.size() >= 500, waiting.size() + " events spooled before the kill");

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
    void validateAcceptsGoodFilesAndExplainsEveryBadOne() throws Exception {
        Path event = file("event.json", String.format(TRACK, 1, 1));
        Path config = file("evex.yaml", "exporters:\n  - type: json\n    settings: {path: x.jsonl}\n");
        Path descriptor = Files.createDirectories(dir.resolve("d")).resolve("exporter.json");
        Files.writeString(descriptor, "{\"name\":\"w\",\"events\":[\"track:2\"],\"command\":\"cat\"}");
        EvexProcess.Result ok =
                EvexProcess.run(dir, "validate", event.toString(), config.toString(), descriptor.toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("ok: " + descriptor + " (descriptor)"), ok.toString());

        Path badConfig = file("bad.yaml", "exporters:\n  - type: json\n    queue: {size: 0}\n");
        Path unknownKind = file("kind.yaml", "exporters:\n  - type: jsno\n");
        Path badSetting = file("setting.yaml", "exporters:\n  - type: csv\n    settings: {header: sometimes}\n");
        Path badEvent = file("event-bad.json", String.format(TRACK, 1, 1).replace("\"x\":0.1", "\"x\":7"));
        Path badLines = file("events.jsonl", String.format(TRACK, 1, 1) + "\n{\"$id\":\"track\",\"$version\":5}\n");
        Path badDescriptor = file("exporter.json", "{\"name\":\"w\",\"events\":{\"track\":[9]},\"command\":\"cat\"}");
        Path noCommand = Files.createDirectories(dir.resolve("e")).resolve("exporter.json");
        Files.writeString(noCommand, "{\"name\":\"w\",\"events\":[\"track:2\"]}");
        EvexProcess.Result r = EvexProcess.run(
                dir,
                "validate",
                badConfig.toString(),
                unknownKind.toString(),
                badSetting.toString(),
                badEvent.toString(),
                badLines.toString(),
                badDescriptor.toString(),
                noCommand.toString());
        assertEquals(1, r.exit(), r.toString());
        String err = r.err();
        assertTrue(err.contains(badConfig + ":3: /exporters/0/queue/size: "), err);
        assertTrue(
                err.contains(
                        "there is no exporter kind 'jsno' (available: csv, gstreamer, hls, jpg, json, mp4, mqtt, node-webhook, png, python-jsonl, rtmp, shell-ndjson, txt)"),
                err);
        assertTrue(err.contains("setting 'header': expected true or false, got 'sometimes'"), err);
        assertTrue(err.contains(badEvent + ":1: /location/x: must have a maximum value of 1"), err);
        assertTrue(err.contains(badLines + ":2: /$version: type 'track' has no version 5"), err);
        assertTrue(
                err.contains(badDescriptor
                        + ":1: /events: exporter 'w' refused: event type 'track': asked for version(s) [9]"),
                err);
        assertTrue(err.contains(noCommand + ":1: (document): ") && err.contains("command"), err);
        assertTrue(
                err.contains("note: " + badEvent + " was checked as one event (a guess from its name and content); "
                        + "to check it as something else, give --as config|descriptor|events"),
                err);
        assertFalse(err.contains("Exception"), err);
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
                "mqtt:port=" + closedPort + ",qos=1,reconnect_max_ms=500,queue.spool_dir=spool-down");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("replayed 40 events"), r.toString());
        assertTrue(
                r.err()
                        .contains("warning: exporter 'mqtt' did not deliver 40 events: they wait in its spool at "
                                + dir.resolve("spool-down").toAbsolutePath()),
                r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    void exportersShowsTheLiveStatusOfARunningProgramExporter() throws Exception {
        Thread run = new Thread(() -> {
            try {
                EvexProcess.run(
                        dir,
                        "run",
                        "--synthetic",
                        "--no-http",
                        "--duration",
                        "8s",
                        "--export",
                        "shell-ndjson:path=live.ndjson");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        run.start();
        JsonNode live = null;
        for (int i = 0; i < 60 && live == null; i++) {
            Thread.sleep(200);
            EvexProcess.Result r = EvexProcess.run(dir, "exporters", "--json");
            JsonNode root = mapper.readTree(r.out());
            if (root.has("running") && root.at("/running/exporters/0/delivered").asLong() > 0) {
                live = root.get("running");
            }
        }
        run.join();
        assertTrue(live != null, "a live status appeared");
        JsonNode e = live.at("/exporters/0");
        assertEquals("shell-ndjson", e.get("name").asText());
        assertEquals("running", e.get("state").asText());
        assertTrue(e.at("/details/pid").asLong() > 0, e.toString());
        assertEquals(0, e.at("/details/restarts").asInt());
        assertEquals(2, e.at("/negotiated/track").asInt());
        assertTrue(Files.readAllLines(dir.resolve("live.ndjson")).size() > 20);
    }

    @Test
    void schemasAndExportersDescribeWhatIsAvailable() throws Exception {
        EvexProcess.Result schemas = EvexProcess.run(dir, "schemas");
        assertEquals(0, schemas.exit(), schemas.toString());
        assertTrue(schemas.out().matches("(?s).*track\\s+1,2\\s+2\\s+1,2.*"), schemas.toString());
        EvexProcess.Result one = EvexProcess.run(dir, "schemas", "track:1");
        assertEquals(
                "https://evex.io/schemas/track/v1.schema.json",
                mapper.readTree(one.out()).get("$id").asText());

        EvexProcess.Result exporters = EvexProcess.run(
                dir, "exporters", "--json", "--export", "json:events=track:1", "--export", "csv:events=track:7");
        assertEquals(1, exporters.exit(), exporters.toString());
        JsonNode root = mapper.readTree(exporters.out());
        List<String> kinds = new java.util.ArrayList<>();
        root.get("kinds").forEach(k -> kinds.add(k.get("name").asText()));
        assertEquals(
                List.of(
                        "csv",
                        "gstreamer",
                        "hls",
                        "jpg",
                        "json",
                        "mp4",
                        "mqtt",
                        "node-webhook",
                        "png",
                        "python-jsonl",
                        "rtmp",
                        "shell-ndjson",
                        "txt"),
                kinds);
        JsonNode quality = root.at("/kinds/3/settings/quality");
        assertEquals(1, quality.get("min").asInt(), quality.toString());
        assertEquals(100, quality.get("max").asInt(), quality.toString());
        assertTrue(quality.get("help").asText().contains("JPEG quality"), quality.toString());
        assertTrue(root.at("/kinds/0/origin").asText().contains("builtin-plugins"), exporters.toString());
        assertTrue(root.at("/kinds/5/origin").asText().contains("evex-exporter-media"), exporters.toString());
        assertTrue(root.at("/kinds/7/origin").asText().startsWith("descriptor "), exporters.toString());
        assertEquals(1, root.at("/configured/0/negotiated/track").asInt());
        assertTrue(
                root.at("/configured/1/refused").asText().contains("asked for version(s) [7], Evex produces [1, 2]"));
    }
}
