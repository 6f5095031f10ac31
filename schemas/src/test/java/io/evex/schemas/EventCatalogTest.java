package io.evex.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

    private final EventCatalog catalog = EventCatalog.load();
    private final ObjectMapper mapper = new ObjectMapper();

    private ObjectNode sample(String type, int version) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/" + type + "-v" + version + ".json")) {
            return (ObjectNode) mapper.readTree(in);
        }
    }

    @Test
    void catalogListsExactlyTheSchemaFilesInTheSourceTree() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(Path.of("."), 2)) {
            onDisk = files.map(p -> Path.of(".").relativize(p).toString())
                    .filter(p -> p.matches("[a-z-]+/v\\d+\\.schema\\.json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> catalogued = new TreeSet<>();
        catalog.versionsByType()
                .forEach((type, versions) -> versions.forEach(v -> catalogued.add(EventCatalog.schemaPath(type, v))));
        assertEquals(catalogued, onDisk);
        assertTrue(catalogued.size() >= 10, "the design asks for at least ten event schemas");
    }

    @Test
    void everyVersionHasAValidSampleAndEveryVersionConvertsToEveryOther() throws IOException {
        for (var entry : catalog.versionsByType().entrySet()) {
            String type = entry.getKey();
            for (int from : entry.getValue()) {
                ObjectNode event = sample(type, from);
                assertEquals(List.of(), catalog.validate(event, type + "-v" + from, 0));
                for (int to : entry.getValue()) {
                    ObjectNode converted = catalog.converters().convert(event, type, from, to);
                    assertEquals(
                            List.of(),
                            catalog.validate(converted, type + " v" + from + "->v" + to, 0),
                            "converted " + type + " from v" + from + " to v" + to);
                }
            }
        }
    }

    @Test
    void schemaViolationsNameThePointerAndTheReason() throws IOException {
        ObjectNode event = sample("track", 1);
        ((ObjectNode) event.get("location")).put("x", "left");
        event.remove("tracking_id");
        List<Problem> problems = catalog.validate(event, "bad.json", 0);
        assertTrue(
                problems.stream()
                        .anyMatch(p ->
                                p.pointer().equals("/location/x") && p.message().contains("number")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("tracking_id")), problems.toString());
    }

    @Test
    void unknownTypeOrVersionIsReportedBeforeTheSchema() throws IOException {
        ObjectNode event = sample("track", 2);
        event.put("$version", 7);
        Problem p = catalog.validate(event, "x.jsonl", 12).get(0);
        assertEquals("x.jsonl:12: /$version: type 'track' has no version 7 (versions: [1, 2, 3])", p.toString());
        event.put("$id", "teleport");
        p = catalog.validate(event, "x.jsonl", 12).get(0);
        assertTrue(
                p.toString().startsWith("x.jsonl:12: /$id: unknown event type 'teleport' (known: metadata,"),
                p.toString());
    }

    @Test
    void problemsInAParsedDocumentCarryTheLineOfTheValue() throws Exception {
        String text = "{\n  \"$id\": \"track\",\n  \"$version\": 1,\n  \"event_id\": \"e\", \"channel\": \"c\",\n"
                + "  \"frame_id\": -1,\n  \"frame_time\": 0, \"system_timestamp\": 1, \"system_date\": \"2026-01-01T00:00:00Z\",\n"
                + "  \"tracking_id\": \"t\", \"object_class\": \"x\",\n  \"location\": {\"x\": 0, \"y\": 0, \"width\": 2, \"height\": 0}\n}";
        JsonNode doc = JsonDocuments.parse(text, "t.json", false);
        List<Problem> problems = catalog.validate(doc, "t.json", 0);
        assertTrue(
                problems.stream().anyMatch(p -> p.toString().startsWith("t.json:5: /frame_id: ")), problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.toString().startsWith("t.json:8: /location/width: ")),
                problems.toString());
    }
}
