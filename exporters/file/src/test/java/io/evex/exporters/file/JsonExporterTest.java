package io.evex.exporters.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonExporterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(mapper.readTree(line));
        }
        return nodes;
    }

    /** Serialised form: numbers compare by value whatever their Java type. */
    private static String text(List<? extends JsonNode> nodes) {
        return nodes.toString();
    }

    @Test
    void jsonLinesPerChannelHoldExactlyThePublishedEventsInOrder() throws Exception {
        List<ObjectNode> sent;
        try (Pipeline p = new Pipeline(dir, "json:path=out/{obj.channel}/events.jsonl")) {
            sent = p.publishTracks(1000, "lobby", "dock");
        }
        List<JsonNode> lobby = lines(dir.resolve("out/lobby/events.jsonl"));
        List<JsonNode> dock = lines(dir.resolve("out/dock/events.jsonl"));
        assertEquals(
                text(sent.stream()
                        .filter(e -> e.get("channel").asText().equals("lobby"))
                        .toList()),
                text(lobby));
        assertEquals(
                text(sent.stream()
                        .filter(e -> e.get("channel").asText().equals("dock"))
                        .toList()),
                text(dock));
        String text = Files.readString(dir.resolve("out/lobby/events.jsonl"));
        assertTrue(text.endsWith("}\n"), "the file ends with a whole line");
    }

    @Test
    void olderVersionSubscribersGetConvertedEvents() throws Exception {
        try (Pipeline p = new Pipeline(dir, "json:path=v1.jsonl,events=track:1", "json:path=v2.jsonl,events=track:2")) {
            p.publishTracks(3, "lobby");
        }
        List<JsonNode> v1 = lines(dir.resolve("v1.jsonl"));
        List<JsonNode> v2 = lines(dir.resolve("v2.jsonl"));
        assertEquals(3, v1.size());
        assertEquals(1, v1.get(0).get("$version").asInt());
        assertEquals("Person", v1.get(0).get("object_class").asText());
        assertEquals(0.1, v1.get(0).at("/location/x").asDouble());
        assertEquals(2, v2.get(0).get("$version").asInt());
        assertEquals(v1.get(0).get("event_id"), v2.get(0).get("event_id"));
    }

    @Test
    void withoutAppendEachEventIsItsOwnPrettyDocument() throws Exception {
        List<ObjectNode> sent;
        try (Pipeline p =
                new Pipeline(dir, "json:path=frames/{obj.channel}-{obj.frame_id}.json,append=false,minify=false")) {
            sent = p.publishTracks(4, "cam");
        }
        for (ObjectNode e : sent) {
            Path file = dir.resolve("frames/cam-" + e.get("frame_id").asText() + ".json");
            String text = Files.readString(file);
            assertTrue(text.contains("\n  \""), "indented");
            assertEquals(e.toString(), mapper.readTree(text).toString());
        }
        try (var files = Files.list(dir.resolve("frames"))) {
            assertEquals(4, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aMissingPropertyFailsThatEventOnlyAndAFallbackIsUsedWhenGiven() throws Exception {
        try (Pipeline p =
                new Pipeline(dir, "json:path=by-zone/{obj.zone}.jsonl", "json:path=fallback/{obj.zone|none}.jsonl")) {
            p.publishTracks(2, "lobby");
            ObjectNode zoned = p.track("lobby", 9, "Person");
            zoned.put("zone", "../../etc");
            p.publish(zoned);
            p.close();
            var stats = p.evex().bus().stats();
            assertEquals(2, stats.get(0).failed(), "the two events without a zone failed in the first exporter");
            assertEquals(1, stats.get(0).delivered());
            assertEquals(3, stats.get(1).delivered());
        }
        assertEquals(2, lines(dir.resolve("fallback/none.jsonl")).size());
        assertTrue(
                Files.exists(dir.resolve("by-zone/______etc.jsonl")),
                "an event value cannot climb out of the output folder: "
                        + List.of(dir.resolve("by-zone").toFile().list()));
        assertEquals(List.of(), List.of(dir.getParent().toFile().list((d, n) -> n.equals("etc.jsonl"))));
    }

    @Test
    void badSettingsRefuseTheExporterWithTheReason() {
        try (Pipeline p = new Pipeline(dir, "json:minify=perhaps", "json:path={nope.x}")) {
            assertEquals(2, p.refusals().size());
            assertTrue(
                    p.refusals().get(0).contains("setting 'minify': expected true or false, got 'perhaps'"),
                    p.refusals().get(0));
            assertTrue(
                    p.refusals().get(1).contains("unknown tag '{nope.x}'"),
                    p.refusals().get(1));
        }
    }
}
