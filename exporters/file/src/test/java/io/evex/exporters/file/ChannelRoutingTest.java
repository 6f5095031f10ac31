package io.evex.exporters.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exporters enabled per channel, from both sides, with two real (FFmpeg test source) channels. */
class ChannelRoutingTest {

    @TempDir
    Path dir;

    @Test
    void eachEventGoesOnlyWhereItsChannelAndTheExporterAgree() throws Exception {
        Path file = dir.resolve("evex.yaml");
        Files.writeString(file, """
                channels:
                  - {name: a, url: "lavfi:testsrc2=size=160x120:rate=10", motion: {enabled: false}}
                  - {name: b, url: "lavfi:testsrc2=size=160x120:rate=10", motion: {enabled: false}, exporters: [b-json]}
                exporters:
                  - {name: a-json, type: json, channels: [a], settings: {path: a-json.jsonl}}
                  - {name: b-json, type: json, settings: {path: b-json.jsonl}}
                  - {name: all-json, type: json, settings: {path: all-json.jsonl}}
                http: {enabled: false}
                """);
        RuntimeConfig config =
                new ConfigLoader(new SchemaValidator()).load(file).withWorkingDirectory(dir);
        Evex evex = new Evex(config, false).start();
        Thread.sleep(1_500);
        evex.close(10_000);
        assertEquals(Set.of("a"), channelsIn("a-json.jsonl"), "a-json lists channel a only");
        assertEquals(Set.of("a", "b"), channelsIn("b-json.jsonl"), "b-json lists no channel, and b names it");
        assertEquals(Set.of("a"), channelsIn("all-json.jsonl"), "b names only b-json");
    }

    private Set<String> channelsIn(String name) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Set<String> channels = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve(name))) {
            channels.add(mapper.readTree(line).get("channel").asText());
        }
        return channels;
    }
}
