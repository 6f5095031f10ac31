package io.evex.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {

    @Test
    void jsonSyntaxErrorNamesTheLine() {
        ProblemException e = assertThrows(
                ProblemException.class, () -> JsonDocuments.parse("{\n \"a\": 1,\n \"b\": ]\n}", "bad.json", false));
        Problem p = e.problems().get(0);
        assertEquals("bad.json", p.source());
        assertEquals(3, p.line());
        assertTrue(p.message().startsWith("not valid JSON"), p.message());
    }

    @Test
    void yamlValuesKnowTheirLines() throws Exception {
        JsonNode doc =
                JsonDocuments.parse("exporters:\n  - type: json\n    queue:\n      size: 0\n", "evex.yaml", true);
        assertEquals(4, JsonDocuments.lineOf(doc.at("/exporters/0/queue/size")));
    }

    @Test
    void trailingContentIsRefused() {
        ProblemException e =
                assertThrows(ProblemException.class, () -> JsonDocuments.parse("{} {}", "two.json", false));
        assertTrue(e.getMessage().contains("unexpected content after the end"), e.getMessage());
    }

    @Test
    void descriptorSchemaRefusesUnknownKeysAndBadSettings() throws Exception {
        SchemaValidator validator = new SchemaValidator();
        JsonNode descriptor = JsonDocuments.parse(
                "{\n\"name\": \"x\",\n\"events\": [\"track:2\"],\n\"comand\": \"cat\",\n"
                        + "\"settings\": {\"q\": {\"type\": \"int\", \"default\": \"high\"}}\n}",
                "exporter.json",
                false);
        var problems = validator.validate("exporter-descriptor.schema.json", descriptor, "exporter.json", 0);
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("command")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("comand")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.pointer().equals("/settings/q/default")), problems.toString());
    }
}
