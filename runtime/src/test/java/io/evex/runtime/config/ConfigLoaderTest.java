package io.evex.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.process.FilterSettings;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(new SchemaValidator());

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String error(String name, String text) throws Exception {
        Path file = write(name, text);
        return assertThrows(ProblemException.class, () -> loader.load(file)).getMessage();
    }

    @Test
    void retryAndFilterRestartsAreReadIntoTheOneBackoffAndCheckedWhereWritten() throws Exception {
        RuntimeConfig c = loader.load(write("backoff.yaml", """
                exporters:
                  - type: json
                    retry: {initial_backoff_ms: 50, max_backoff_ms: 800, multiplier: 3, jitter: 0.1, max_attempts: 4}
                preprocess:
                  - command: "cat"
                    restart: {initial_backoff_ms: 20, max_backoff_ms: 400}
                  - command: "cat"
                """));
        Backoff retry = c.exporters().get(0).retry().backoff();
        assertEquals(new Backoff(Duration.ofMillis(50), Duration.ofMillis(800), 3, 0.1), retry);
        assertEquals(4, c.exporters().get(0).retry().maxAttempts());
        assertEquals(Backoff.ofMillis(20, 400), c.filters().get(0).restart(), "the filter's own settings");
        assertEquals(FilterSettings.DEFAULT_RESTART, c.filters().get(1).restart());
        String e = error("bad-backoff.yaml", """
                preprocess:
                  - command: "cat"
                    restart: {initial_backoff: 5s, max_backoff: 100ms}
                """);
        assertTrue(
                e.contains(
                        "bad-backoff.yaml:2: /preprocess/0/restart: initial_backoff (5s) is longer than max_backoff (100ms)"),
                e);
    }

    @Test
    void httpsIsReadFromOneTlsBlockWithFilesRelativeToTheConfiguration() throws Exception {
        RuntimeConfig c = loader.load(write("https.yaml", """
                http: {port: 8443, plain_port: 8080, tls: {enabled: true, cert_file: certs/site.pem, key_file: certs/site.key}}
                """));
        assertEquals(
                new io.evex.runtime.http.ServerTls(
                        true, dir.resolve("certs/site.pem"), dir.resolve("certs/site.key"), 8080),
                c.http().tls());
        assertTrue(loader.load(write("self.yaml", "http: {tls: {enabled: true}}\n"))
                .http()
                .tls()
                .generated());
        String half = error("half.yaml", "http: {tls: {enabled: true, cert_file: site.pem}}\n");
        assertTrue(half.contains("half.yaml:1: /http/tls: http.tls needs both cert_file and key_file"), half);
        String plain = error("plain.yaml", "http: {plain_port: 8080}\n");
        assertTrue(plain.contains("/http/plain_port: plain_port is a port beside HTTPS"), plain);
    }

    @Test
    void cvediasOutputPreprocessCmdIsAFilterForTheFilesChannels() throws Exception {
        RuntimeConfig c = loader.load(write("instance.json", """
                {"channels": [{"name": "door", "url": "sample"}],
                 "Output": {"preprocess_cmd": "./test_filter.py --fast", "handlers": {}}}
                """));
        assertEquals(1, c.filters().size());
        FilterSettings f = c.filters().get(0);
        assertEquals(List.of("./test_filter.py", "--fast"), f.command());
        assertEquals(dir.toAbsolutePath(), f.directory(), "runs in the file's folder, where the script is");
        assertEquals(List.of("door"), f.channels());
        assertTrue(f.passOnError() && f.covers("door") && !f.covers("yard"));
    }

    @Test
    void aFullYamlConfigurationLoads() throws Exception {
        RuntimeConfig c = loader.load(write("evex.yaml", """
                plugins: [more-plugins]
                source: {channels: [gate], events_per_second: 5}
                exporters:
                  - type: json
                    settings: {path: "out/{obj.channel}.jsonl", minify: true}
                  - name: old-vms
                    type: json
                    events: ["track:1"]
                    queue: {size: 50, overflow: block}
                    retry: {initial_backoff_ms: 10, max_backoff_ms: 20, max_attempts: 3}
                """));
        assertEquals(List.of(dir.resolve("more-plugins")), c.pluginDirs());
        assertEquals(List.of("gate"), c.synthetic().channels());
        assertEquals("json", c.exporters().get(0).name());
        assertNull(c.exporters().get(0).events());
        assertEquals(
                Map.of("path", "out/{obj.channel}.jsonl", "minify", true),
                c.exporters().get(0).settings());
        ExporterSettings old = c.exporters().get(1);
        assertEquals(Map.of("track", List.of(1)), old.events().versionsByType());
        assertEquals(50, old.queue().size());
        assertEquals(OverflowPolicy.BLOCK, old.queue().overflow());
        assertEquals(3, old.retry().maxAttempts());
        assertTrue(old.origin().endsWith("evex.yaml:6"), old.origin());
    }

    @Test
    void errorsNameFileLinePointerAndReason() throws Exception {
        String m = error("a.yaml", "exporters:\n  - type: json\n    queue:\n      size: 0\n");
        assertTrue(m.matches("(?s).*a\\.yaml:4: /exporters/0/queue/size: .*1.*"), m);
        m = error("b.yaml", "exporters:\n  - type: json\n    queue: {overflow: drop-everything}\n");
        assertTrue(m.contains("b.yaml:3: /exporters/0/queue/overflow: "), m);
        m = error("c.json", "{\"exporter\": []}");
        assertTrue(m.contains("c.json:1: (document): ") && m.contains("exporter"), m);
        m = error("d.yaml", "exporters:\n  - name: x\n");
        assertTrue(m.contains("d.yaml:2: /exporters/0: ") && m.contains("type"), m);
        m = error("e.yaml", "exporters: [\n");
        assertTrue(m.matches("(?s).*e\\.yaml:[12]: not valid YAML: .*"), m);
        m = error("f.yaml", "exporters:\n  - type: json\n  - type: json\n");
        assertTrue(m.contains("f.yaml:3: /exporters/1/name: exporter name 'json' is used twice"), m);
        m = error("g.yaml", "exporters:\n  - type: json\n    events: [\"track\"]\n");
        assertTrue(m.contains("g.yaml:3: /exporters/0/events"), m);
    }

    @Test
    void exportOptionsParseSettingsListsAndReservedKeys() {
        List<ExporterSettings> c = ExportOption.parseAll(
                List.of(
                        "json:path=out/{sys.time %H:%M}.jsonl,minify=false",
                        "csv:columns=/channel,/frame_id,path=t.csv,events=track:1+event-motion:1,queue.size=7,queue.overflow=drop-newest",
                        "json"),
                List.of());
        assertEquals(
                Map.of("path", "out/{sys.time %H:%M}.jsonl", "minify", "false"),
                c.get(0).settings());
        assertEquals(
                Map.of("columns", "/channel,/frame_id", "path", "t.csv"),
                c.get(1).settings());
        assertEquals(
                Map.of("track", List.of(1), "event-motion", List.of(1)),
                c.get(1).events().versionsByType());
        assertEquals(7, c.get(1).queue().size());
        assertEquals(OverflowPolicy.DROP_NEWEST, c.get(1).queue().overflow());
        assertEquals("json-2", c.get(2).name());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ExportOption.parse("json:queue.overflow=sometimes", List.of()));
        assertTrue(
                e.getMessage().startsWith("--export json:queue.overflow=sometimes: unknown overflow policy"),
                e.getMessage());
    }

    @Test
    void exportOptionsAreQuotedWithoutTheirSecrets() {
        ExporterSettings c = ExportOption.parse("rtsp:port=8554,users=alice:s3cret;bob:pw,topic=x", List.of());
        assertEquals("--export rtsp:port=8554,users=***,topic=x", c.origin());
        assertEquals("alice:s3cret;bob:pw", c.settings().get("users"), "the value itself is intact");
        ExporterSettings m = ExportOption.parse("mqtt:password=hunter2,url=tcp://h", List.of());
        assertEquals("--export mqtt:password=***,url=tcp://h", m.origin());
    }

    @Test
    void zonesLinesAndTheTrackerAreReadPerChannelAndCheckedWhereWritten() throws Exception {
        RuntimeConfig c = loader.load(write("scene.yaml", """
                channels:
                  - name: door
                    url: sample
                    tracker: {birth_hits: 2, max_missed: 10, update_ms: 500}
                    zones:
                      - {name: dock, polygon: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]], classes: [person],
                         inertia: 4, loitering_s: 30, intrusion: true, occupancy_max: 3}
                    lines:
                      - {name: gate, points: [[0.1, 0.5], [0.9, 0.5]], direction: a-b}
                    crops: {every_ms: 500, best: false, max_side: 320}
                  - name: yard
                    url: sample
                    lines:
                      - {name: gate, points: [[0.1, 0.5], [0.9, 0.5]]}
                    crops: false
                """));
        ObjectSettings door = c.channels().get(0).objects();
        assertTrue(door.enabled(), "zones or lines turn tracking on (with the motion regions as objects)");
        assertEquals("motion", door.detector());
        assertEquals(2, door.tracker().birthHits());
        assertEquals(10, door.tracker().maxMissed());
        assertEquals(500, door.updateMs());
        assertEquals("dock", door.zones().get(0).name());
        assertEquals(4, door.zones().get(0).inertia());
        assertEquals(Set.of("person"), door.zones().get(0).filter().classes());
        assertEquals(LineRule.Direction.A_B, door.lines().get(0).direction());
        assertEquals(3, door.zones().get(0).occupancyMax());
        assertEquals(new CropSettings(500, false, true, 85, 320), door.crops(), "unset crop settings keep defaults");
        assertEquals(CropSettings.OFF, c.channels().get(1).objects().crops());
        assertEquals(
                ZoneRule.NO_OCCUPANCY,
                loader.load(write("plain.yaml", """
                                channels:
                                  - name: door
                                    url: sample
                                    zones:
                                      - {name: dock, polygon: [[0.5, 0], [1, 0], [1, 1]]}
                                """))
                        .channels()
                        .get(0)
                        .objects()
                        .zones()
                        .get(0)
                        .occupancyMax(),
                "no occupancy_max, no occupancy events");
    }

    @Test
    void wrongZonesLinesAndCropsAreRefusedWhereWritten() throws Exception {
        String quality = error("crops.yaml", """
                channels:
                  - name: door
                    url: sample
                    lines:
                      - {name: gate, points: [[0.1, 0.5], [0.9, 0.5]]}
                    crops: {quality: 0}
                """);
        assertTrue(quality.contains("crops.yaml") && quality.contains("quality"), quality);

        String twoPoints = error("zone.yaml", """
                channels:
                  - name: door
                    url: sample
                    zones:
                      - {name: dock, polygon: [[0.5, 0], [1, 0]]}
                """);
        assertTrue(
                twoPoints.contains("zone.yaml:5: /channels/0/zones/0/polygon: must have at least 3 items"), twoPoints);
        String same = error("line.yaml", """
                channels:
                  - name: door
                    url: sample
                    lines:
                      - {name: gate, points: [[0.5, 0.5], [0.5, 0.5]]}
                      - {name: gate, points: [[0.1, 0.5], [0.9, 0.5]]}
                """);
        assertTrue(same.contains("line 'gate': its two points are the same"), same);
    }
}
