package io.evex.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorLoaderTest {

    @TempDir
    Path dir;

    private final EventCatalog catalog = EventCatalog.load();
    private final DescriptorLoader loader = new DescriptorLoader(catalog.validator(), new Negotiator(catalog));

    @Test
    void aTypoOfAKnownKeyIsAnErrorWithASuggestionAndOtherKeysAreIgnored() throws Exception {
        Descriptors.descriptor(dir, "typo", """
                {"name": "Typo", "events": ["track:2"], "comand": "cat"}""");
        Descriptors.descriptor(dir, "extra", """
                {"name": "Extra One", "events": ["track:2"], "command": "cat", "author": "me"}""");
        DescriptorLoader.Found found = loader.findAll(List.of(dir));
        assertEquals(1, found.problems().size(), found.problems().toString());
        assertTrue(
                found.problems().get(0).toString().contains("/comand: unknown key 'comand': did you mean 'command'?"),
                found.problems().toString());
        ExporterDescriptor extra = found.descriptors().get(0);
        assertEquals("extra", extra.name(), "a name that is no id: the folder's name is the kind id");
        assertEquals("Extra One", extra.displayName());
    }

    @Test
    void aFullDescriptorLoadsWithDefaultsAndTypedSettings() throws Exception {
        Descriptors.descriptor(dir, "full", """
                {
                  "name": "jsonl-writer", "description": "Writes JSON lines",
                  "events": { "track": [2, 1], "event-motion": [1], "inference": 0 },
                  "command": "python3 'my writer.py' --out {settings.path}",
                  "environment": { "PYTHONUNBUFFERED": "1" },
                  "settings": {
                    "path":    { "type": "text",     "label": "Output file",  "default": "events.jsonl" },
                    "minify":  { "type": "checkbox", "label": "Minify",       "default": true },
                    "quality": { "type": "int",      "label": "JPEG quality", "min": 1, "max": 100, "default": 90 },
                    "scale":   { "type": "float",    "label": "Scale",        "min": 0.1, "max": 1.0, "default": 1.0 },
                    "mode":    { "type": "combobox", "label": "Mode", "options": ["events", "images"], "default": "events" }
                  },
                  "delivery": "fire-and-forget",
                  "restart": { "policy": "on-failure", "initial_backoff_ms": 500, "max_backoff_ms": 30000 },
                  "queue": { "size": 10000, "overflow": "drop-oldest" },
                  "batch": { "max_events": 1, "max_delay_ms": 0 },
                  "framing": "nul"
                }""");
        DescriptorLoader.Found found = loader.findAll(List.of(dir));
        assertEquals(List.of(), found.problems());
        ExporterDescriptor d = found.descriptors().get(0);
        assertEquals("jsonl-writer", d.name());
        assertEquals(List.of("python3", "my writer.py", "--out", "{settings.path}"), d.command());
        assertEquals(
                Map.of("track", List.of(2, 1), "event-motion", List.of(1)),
                d.events().versionsByType());
        assertEquals(5, d.settings().settings().size());
        assertEquals(0, d.separator());
        assertEquals(ExporterDescriptor.Restart.ON_FAILURE, d.restart());
        assertEquals(500, d.restartBackoff().initial().toMillis());
    }

    @Test
    void minimalDescriptorGetsDocumentedDefaults() throws Exception {
        Descriptors.descriptor(dir, "min", "{\"name\":\"m\",\"events\":[\"track:1\"],\"command\":[\"cat\"]}");
        ExporterDescriptor d = loader.findAll(List.of(dir)).descriptors().get(0);
        assertEquals(ExporterDescriptor.Delivery.FIRE_AND_FORGET, d.delivery());
        assertEquals(10_000, d.queue().over(QueueSettings.DEFAULT).size());
        assertEquals(1, d.batchMaxEvents());
        assertEquals(5_000, d.graceMs());
    }

    private String problems(String json) throws Exception {
        Path folder = Files.createTempDirectory(dir, "d");
        Descriptors.descriptor(folder, "x", json);
        DescriptorLoader.Found found = loader.findAll(List.of(folder));
        assertEquals(List.of(), found.descriptors(), "refused: " + json);
        return found.problems().stream().map(Problem::toString).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void everyKindOfBadDescriptorIsRefusedWithFilePointerAndReason() throws Exception {
        String ok = "\"name\":\"x\",\"events\":[\"track:2\"],\"command\":\"cat\"";
        String p;
        p = problems("{\"name\": \"x\",\n \"events\": [\"track:2\"]\n \"command\": \"cat\"}");
        assertTrue(p.contains("exporter.json:3: not valid JSON"), p);
        p = problems("{\"name\":\"x\",\"events\":[\"track:2\"]}");
        assertTrue(p.contains("(document): required property 'command' not found"), p);
        p = problems("{" + ok + ",\"comand\":\"cat\"}");
        assertTrue(p.contains("comand"), p);
        p = problems("{" + ok + ",\"settings\":{\"q\":{\"type\":\"int\",\"default\":\"high\"}}}");
        assertTrue(p.contains("/settings/q/default: "), p);
        p = problems("{" + ok + ",\"settings\":{\"q\":{\"type\":\"int\",\"min\":1,\"max\":100,\"default\":101}}}");
        assertTrue(
                p.contains(
                        "/settings/q/default: the default does not fit the setting: setting 'q': 101 is outside 1..100"),
                p);
        p = problems("{" + ok
                + ",\"settings\":{\"m\":{\"type\":\"combobox\",\"options\":[\"a\",\"b\"],\"default\":\"c\"}}}");
        assertTrue(p.contains("/settings/m/default: ") && p.contains("'c' is not one of [a, b]"), p);
        p = problems("{\"name\":\"x\",\"events\":[\"track:2\"],\"command\":\"cat {settings.nope}\"}");
        assertTrue(p.contains("/command: in '{settings.nope}' at position 1: no setting 'nope'"), p);
        p = problems("{\"name\":\"x\",\"events\":[\"track:2\"],\"command\":\"cat {obj.channel}\"}");
        assertTrue(p.contains("cannot use {obj...} tags"), p);
        p = problems("{\"name\":\"x\",\"events\":{\"trakc\":[1]},\"command\":\"cat\"}");
        assertTrue(p.contains("/events: exporter 'x' refused: event type 'trakc' does not exist"), p);
        p = problems("{\"name\":\"x\",\"events\":{\"track\":[9]},\"command\":\"cat\"}");
        assertTrue(
                p.contains(
                        "/events: exporter 'x' refused: event type 'track': asked for version(s) [9], Evex produces [1, 2, 3]"),
                p);
        p = problems("{\"name\":\"x\",\"events\":[\"track\"],\"command\":\"cat\"}");
        assertTrue(p.contains("/events"), p);
        p = problems("{" + ok + ",\"restart\":{\"initial_backoff\":\"5s\",\"max_backoff\":\"100ms\"}}");
        assertTrue(p.contains("/restart: initial_backoff (5s) is longer than max_backoff (100ms)"), p);
        // the former names in milliseconds mean the same
        p = problems("{" + ok + ",\"restart\":{\"initial_backoff_ms\":5000,\"max_backoff_ms\":100}}");
        assertTrue(p.contains("/restart: initial_backoff (5s) is longer than max_backoff (100ms)"), p);
        p = problems("{" + ok + ",\"shutdown_grace\":5000}");
        assertTrue(p.contains("/shutdown_grace: "), p);
        p = problems("{\"name\":\"x\",\"events\":[\"track:2\"],\"command\":\"python3 'unclosed\"}");
        assertTrue(p.contains("/command: unclosed single quote"), p);
        p = problems("{" + ok + ",\"queue\":{\"overflow\":\"spill\"}}");
        assertTrue(p.contains("/queue/overflow"), p);
    }

    @Test
    void aDuplicateNameIsRefusedAndTheFirstStays() throws Exception {
        Descriptors.descriptor(dir, "a", "{\"name\":\"same\",\"events\":[\"track:2\"],\"command\":\"cat\"}");
        Descriptors.descriptor(dir, "b", "{\"name\":\"same\",\"events\":[\"track:1\"],\"command\":\"cat\"}");
        DescriptorLoader.Found found = loader.findAll(List.of(dir));
        assertEquals(1, found.descriptors().size());
        assertTrue(
                found.problems().get(0).toString().contains("exporter name 'same' is already used by "),
                found.problems().toString());
    }

    @Test
    void theShippedExamplesAreValid() {
        DescriptorLoader.Found found = loader.findAll(List.of(Descriptors.EXAMPLES));
        assertEquals(List.of(), found.problems());
        assertEquals(
                List.of("node-webhook", "python-jsonl", "shell-ndjson"),
                found.descriptors().stream()
                        .map(ExporterDescriptor::name)
                        .sorted()
                        .toList());
    }
}
