package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    static final String TRACK =
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
        for (String command : List.of("run", "replay", "validate", "schemas", "exporters", "events")) {
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
        storedHistoryMatchesTheJsonFiles();
    }

    /** The store ran by default: evex events finds every area event the JSON files hold (issue 26 point 5). */
    private void storedHistoryMatchesTheJsonFiles() throws Exception {
        long inFiles = 0;
        for (String channel : List.of("lobby", "dock")) {
            inFiles += Files.readAllLines(dir.resolve("out/" + channel + "/events.jsonl")).stream()
                    .filter(l -> l.contains("\"$id\":\"event-area-enter\""))
                    .count();
        }
        EvexProcess.Result all = EvexProcess.run(dir, "events", "--type", "event-area-enter", "--limit", "100000");
        assertEquals(0, all.exit(), all.toString());
        assertEquals(inFiles, all.out().lines().filter(l -> l.startsWith("{")).count(), all.toString());
        EvexProcess.Result table = EvexProcess.run(
                dir, "events", "--channel", "lobby", "--from", "1h", "--format", "table", "--limit", "3");
        List<String> rows = table.out().lines().toList();
        assertEquals(4, rows.size(), table.toString());
        assertTrue(rows.get(0).startsWith("time") && rows.get(3).contains("lobby"), table.toString());
        EvexProcess.Result bad = EvexProcess.run(dir, "events", "--from", "yesterday");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--from 'yesterday': a time ago (2h, 3d)"), bad.toString());
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
                        "there is no exporter kind 'jsno' (available: csv, gstreamer, hls, jpg, json, kafka, mp4, mqtt, nats, node-webhook, png, postgres, python-jsonl, rtmp, rtsp, shell-ndjson, store, txt)"),
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
                err.contains("evex: " + badEvent + " was checked as one event (a guess from its name and content); "
                        + "to check it as something else, give --as config|descriptor|events"),
                err);
        assertFalse(err.contains("Exception"), err);
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
        assertEquals(3, e.at("/negotiated/track").asInt(), "\"*\" takes the newest version");
        assertTrue(Files.readAllLines(dir.resolve("live.ndjson")).size() > 20);
    }

    @Test
    void schemasAndExportersDescribeWhatIsAvailable() throws Exception {
        EvexProcess.Result schemas = EvexProcess.run(dir, "schemas");
        assertEquals(0, schemas.exit(), schemas.toString());
        assertTrue(schemas.out().matches("(?s).*track\\s+1,2,3\\s+3\\s+1,2,3.*"), schemas.toString());
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
                        "kafka",
                        "mp4",
                        "mqtt",
                        "nats",
                        "node-webhook",
                        "png",
                        "postgres",
                        "python-jsonl",
                        "rtmp",
                        "rtsp",
                        "shell-ndjson",
                        "store",
                        "txt"),
                kinds);
        JsonNode quality = root.at("/kinds/3/settings/quality");
        assertEquals(1, quality.get("min").asInt(), quality.toString());
        assertEquals(100, quality.get("max").asInt(), quality.toString());
        assertTrue(quality.get("help").asText().contains("JPEG quality"), quality.toString());
        assertTrue(root.at("/kinds/0/origin").asText().contains("builtin-plugins"), exporters.toString());
        assertTrue(root.at("/kinds/6/origin").asText().contains("evex-exporter-media"), exporters.toString());
        assertTrue(root.at("/kinds/9/origin").asText().startsWith("descriptor "), exporters.toString());
        assertEquals(1, root.at("/configured/0/negotiated/track").asInt());
        assertTrue(root.at("/configured/1/refused")
                .asText()
                .contains("asked for version(s) [7], Evex produces [1, 2, 3]"));
    }
}
