package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.ExporterFactory;
import io.evex.exporters.file.JsonExporterFactory;
import io.evex.exporters.kafka.KafkaExporterFactory;
import io.evex.exporters.mqtt.MqttExporterFactory;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.schemas.SchemaValidator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One configuration vocabulary, tried as a user would: a file in the former names means exactly what
 * the same file in the current names means, and {@code evex validate --fix} turns one into the other
 * with the comments kept; {@code ${env:VAR}} comes from the environment; a port the user gave that
 * is taken stops the run; the log options work after the command name.
 */
class VocabularyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A site's configuration as it was written before durations had units. */
    static final String FORMER = """
            # the site's cameras and where their events go
            channels:
              - name: door
                url: lavfi:testsrc2=size=320x240:rate=10
                timeout_ms: 15000 # the camera drops out at night
                statistics_interval_ms: 5000
                motion:
                  cooldown_ms: 1500
                reconnect:
                  initial_ms: 500
                  max_ms: 60000
                tracker:
                  update_ms: 2000
                crops:
                  every_ms: 3000
                zones:
                  - name: porch
                    polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]]
                    loitering_s: 2.5
            exporters:
              - type: mqtt
                name: alerts
                settings:
                  host: 127.0.0.1 # the site's broker
                  port: 8883
                  tls: true
                  ca_file: ca.pem
                  tls_verify: false
                  max_inflight: 50
                  keep_alive_s: 20
                retry:
                  initial_backoff_ms: 200
                  max_backoff_ms: 5000
              - type: kafka
                settings:
                  bootstrap: 127.0.0.1:9092
                  security: SASL_SSL
                  ssl_ca_file: ca.pem
                  linger_ms: 10
            preprocess:
              - command: cat
                timeout_ms: 3000
            """;

    /** The same in the current names: what {@code validate --fix} writes. */
    static final String CURRENT = """
            # the site's cameras and where their events go
            channels:
              - name: door
                url: lavfi:testsrc2=size=320x240:rate=10
                timeout: 15s # the camera drops out at night
                statistics_interval: 5s
                motion:
                  cooldown: 1500ms
                reconnect:
                  initial: 500ms
                  max: 1m
                tracker:
                  update_interval: 2s
                crops:
                  every: 3s
                zones:
                  - name: porch
                    polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]]
                    loitering: 2500ms
            exporters:
              - type: mqtt
                name: alerts
                settings:
                  servers: 127.0.0.1:8883 # the site's broker
                  tls:
                    enabled: true
                    ca_file: ca.pem
                    verify_host: false
                  max_in_flight: 50
                  keep_alive: 20s
                retry:
                  initial_backoff: 200ms
                  max_backoff: 5s
              - type: kafka
                settings:
                  servers: 127.0.0.1:9092
                  tls:
                    enabled: true
                    ca_file: ca.pem
                  sasl_mechanism: PLAIN
                  linger: 10ms
            preprocess:
              - command: cat
                timeout: 3s
            """;

    @TempDir
    Path dir;

    @Test
    void formerAndCurrentNamesMeanTheSameAndFixRewritesOneIntoTheOther() throws Exception {
        Path former = Files.writeString(dir.resolve("former.yaml"), FORMER);
        Path current = Files.writeString(dir.resolve("current.yaml"), CURRENT);
        ConfigLoader loader = new ConfigLoader(new SchemaValidator());
        assertSameMeaning(loader.load(former), loader.load(current));

        Path fixed = Files.writeString(dir.resolve("evex.yaml"), FORMER);
        EvexProcess.Result r = EvexProcess.run(dir, "validate", "--fix", "evex.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out().contains("fixed: evex.yaml:5: /channels/0: 'timeout_ms' rewritten as timeout: 15s"), r.out());
        assertTrue(r.out().contains("'host' and 'port' rewritten as servers: 127.0.0.1:8883"), r.out());
        assertTrue(r.out().contains("ok: evex.yaml (config)"), r.out());
        assertEquals(CURRENT, Files.readString(fixed), "the former names rewritten, comments and order kept");

        EvexProcess.Result again = EvexProcess.run(dir, "validate", "--fix", "evex.yaml");
        assertEquals(0, again.exit(), again.toString());
        assertFalse(again.out().contains("fixed:"), "a current file is left alone: " + again.out());

        // the same in JSON (no comments to keep: written again, indented)
        Path json = Files.writeString(
                dir.resolve("evex.json"),
                JSON.writeValueAsString(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(FORMER)));
        EvexProcess.Result j = EvexProcess.run(dir, "validate", "--fix", "evex.json");
        assertEquals(0, j.exit(), j.toString());
        assertEquals(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(CURRENT), JSON.readTree(json.toFile()));
    }

    @Test
    void formerNamesAreReadWithAWarningNamingTheLineAndTheKeyToWrite() throws Exception {
        Files.writeString(dir.resolve("evex.yaml"), FORMER);
        EvexProcess.Result r = EvexProcess.run(dir, "validate", "evex.yaml");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.err().contains("warning: ")
                        && r.err()
                                .contains(
                                        "evex.yaml:8: /channels/0/motion: 'cooldown_ms' is deprecated: write cooldown: 1500ms"),
                r.err());
        // both names at once is a mistake, not a guess
        Files.writeString(dir.resolve("both.yaml"), """
                channels:
                  - name: door
                    url: lavfi:testsrc2
                    motion: {cooldown: 1s, cooldown_ms: 500}
                """);
        EvexProcess.Result both = EvexProcess.run(dir, "validate", "both.yaml");
        assertEquals(1, both.exit(), both.toString());
        assertTrue(
                both.err()
                        .contains(
                                "error: both.yaml:4: /channels/0/motion/cooldown_ms: given as 'cooldown' and as its former name"),
                both.err());
        // a bare number where a duration belongs says which unit to write
        Files.writeString(dir.resolve("bare.yaml"), """
                channels:
                  - name: door
                    url: lavfi:testsrc2
                    motion: {cooldown: 500}
                """);
        EvexProcess.Result bare = EvexProcess.run(dir, "validate", "bare.yaml");
        assertEquals(1, bare.exit(), bare.toString());
        assertTrue(bare.err().contains("bare.yaml:4: /channels/0/motion/cooldown: "), bare.err());
    }

    @Test
    void environmentVariablesAreSubstitutedInTheFileOnly() throws Exception {
        Path out = Files.createDirectories(dir.resolve("site-out"));
        Files.writeString(dir.resolve("evex.yaml"), """
                source: {type: synthetic, events_per_second: 50}
                exporters:
                  - type: json
                    settings:
                      path: ${env:EVEX_IT_OUT}/events.jsonl
                  - type: txt
                    settings:
                      path: ${env:EVEX_IT_UNSET:-fallback}/events.txt
                """);
        Process p = EvexProcess.start(
                dir, Map.of("EVEX_IT_OUT", out.toString()), "run", "--config", "evex.yaml", "--duration", "3s");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("evex.err"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(Files.size(out.resolve("events.jsonl")) > 0, "the variable's folder got the events");
        assertTrue(Files.size(dir.resolve("fallback/events.txt")) > 0, "an unset variable with a default: the default");

        Files.writeString(dir.resolve("unset.yaml"), """
                exporters:
                  - type: json
                    settings:
                      path: ${env:EVEX_IT_NOT_SET}/x.jsonl
                """);
        EvexProcess.Result unset = EvexProcess.run(dir, "validate", "unset.yaml");
        assertEquals(1, unset.exit(), unset.toString());
        assertTrue(
                unset.err()
                        .contains(
                                "error: unset.yaml:4: /exporters/0/settings/path: environment variable EVEX_IT_NOT_SET is not set"),
                unset.err());
    }

    @Test
    void valuesArrivingOverTheApiAreNeverSubstituted() throws Exception {
        String admin = "vocabulary-admin-token-0123456789";
        Process evex = EvexProcess.start(
                dir, Map.of("EVEX_ADMIN_TOKEN", admin, "EVEX_IT_SECRET", "s3cret"), "run", "--http-port", "0");
        try {
            java.net.URI base = EvexProcess.httpBase(dir, evex);
            java.net.http.HttpResponse<String> checked = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(base.resolve("api/v1/config/exporters/envy"))
                                    .header("Authorization", "Bearer " + admin)
                                    .header("Content-Type", "application/json")
                                    .PUT(
                                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                                    "{\"type\": \"json\", \"settings\": {\"path\": \"out/${env:EVEX_IT_SECRET}.jsonl\"}}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            // Taken literally, "{env:EVEX_IT_SECRET}" is a dynamic-string tag that does not exist:
            // substituted, the path would have been a plain, valid "out/$s3cret.jsonl".
            assertEquals(400, checked.statusCode(), checked.body());
            assertTrue(
                    checked.body().contains("unknown tag '{env:EVEX_IT_SECRET}'")
                            && !checked.body().contains("s3cret"),
                    checked.body());
        } finally {
            evex.destroy();
            evex.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortTheUserGaveThatIsTakenStopsTheRunNamingWhatHoldsIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            EvexProcess.Result r = EvexProcess.run(
                    dir, "run", "--http-port", Integer.toString(taken.getLocalPort()), "--duration", "20s");
            assertEquals(3, r.exit(), r.toString());
            assertTrue(
                    r.err()
                            .contains("error: HTTP port " + taken.getLocalPort() + " is taken by pid "
                                    + ProcessHandle.current().pid()),
                    r.err());
        }
    }

    @Test
    void logOptionsWorkAfterTheCommandNameAndUsageErrorsExitTwo() throws Exception {
        EvexProcess.Result r =
                EvexProcess.run(dir, "run", "--synthetic", "--rate", "50", "--duration", "2s", "--log-format=json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(jsonLogs(r).stream().anyMatch(l -> l.path("level").asText().equals("INFO")), r.err());
        r.err()
                .lines()
                .filter(l -> !l.startsWith("{"))
                .forEach(l -> assertTrue(
                        l.startsWith("evex: ") || l.startsWith("warning: ") || l.startsWith("error: "),
                        "prefix of: " + l));
        EvexProcess.Result quiet = EvexProcess.run(
                dir, "run", "--synthetic", "--duration", "2s", "--log-format", "json", "--log-level", "warn");
        assertEquals(0, quiet.exit(), quiet.toString());
        assertTrue(
                jsonLogs(quiet).stream().noneMatch(l -> l.path("level").asText().equals("INFO")), quiet.err());
        EvexProcess.Result text = EvexProcess.run(dir, "run", "--synthetic", "--duration", "2s");
        assertTrue(
                text.err()
                        .lines()
                        .anyMatch(
                                l -> l.matches("evex: \\d\\d:\\d\\d:\\d\\d\\.\\d{3} Evex: exporter 'json' started.*")),
                text.err());

        EvexProcess.Result rate = EvexProcess.run(dir, "run", "--synthetic", "--rate", "0");
        assertEquals(2, rate.exit(), rate.toString());
        assertTrue(rate.err().startsWith("error: --rate must be > 0"), rate.err());
        EvexProcess.Result format = EvexProcess.run(dir, "schemas", "--log-format", "xml");
        assertEquals(2, format.exit(), format.toString());
        assertTrue(format.err().contains("error: ") && format.err().contains("text, json"), format.err());
    }

    private static List<JsonNode> jsonLogs(EvexProcess.Result r) {
        return r.err()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (java.io.IOException e) {
                        throw new AssertionError("not a JSON log line: " + l);
                    }
                })
                .toList();
    }

    /** Channels, filters, cluster and HTTP equal; exporters equal once their kinds read their settings. */
    private static void assertSameMeaning(RuntimeConfig a, RuntimeConfig b) throws Exception {
        assertEquals(a.channels(), b.channels());
        assertEquals(a.filters(), b.filters());
        assertEquals(a.cluster(), b.cluster());
        assertEquals(a.http(), b.http());
        assertEquals(a.exporters().size(), b.exporters().size());
        Map<String, ExporterFactory> kinds = Map.of(
                "mqtt",
                new MqttExporterFactory(),
                "kafka",
                new KafkaExporterFactory(),
                "json",
                new JsonExporterFactory());
        for (int i = 0; i < a.exporters().size(); i++) {
            ExporterSettings x = a.exporters().get(i);
            ExporterSettings y = b.exporters().get(i);
            assertEquals(
                    List.of(x.name(), x.type(), x.enabled(), x.channels()),
                    List.of(y.name(), y.type(), y.enabled(), y.channels()));
            assertEquals(x.queue(), y.queue());
            assertEquals(x.retry(), y.retry());
            ExporterFactory kind = kinds.get(x.type());
            assertEquals(
                    kind.settings().resolve(x.settings()).asMap(),
                    kind.settings().resolve(y.settings()).asMap());
            assertFalse(kind.settings().resolve(x.settings()).renamed().isEmpty(), "the former names were noticed");
        }
    }
}
