package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default changed while it runs, through the HTTP API, as a user (or the console)
 * does: an exporter checked, added and removed from its settings; the sample channel's zones
 * replaced, which makes the walking person raise {@code event-area-enter} in the new zone; the
 * changes kept in {@code .evex/overrides.json} and applied again at the next start.
 */
class LiveConfigIT {

    private static final String ADMIN = "live-config-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVERYWHERE =
            "{\"zones\": [{\"name\": \"everywhere\", \"polygon\": [[0.01, 0.01], [0.99, 0.01], [0.99, 0.99], [0.01, 0.99]]}],"
                    + " \"lines\": []}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
        return EvexProcess.call(http, base, ADMIN, method, path, body);
    }

    @Test
    void exportersAndZonesChangeWhileRunningAndStayChanged() throws Exception {
        Process evex = EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), "run", "--http-port", "0");
        try {
            URI base = EvexProcess.httpBase(dir, evex);

            exportersAreCheckedAndAdded(base);
            rulesAreReplaced(base);
            aChannelIsAddedAndRemoved(base);
            anExporterIsRemoved(base);
        } finally {
            evex.destroy(); // a polite stop: flushed and closed
            evex.waitFor(30, TimeUnit.SECONDS);
        }
        theChangesAreKeptForTheNextStart();
    }

    /** Kinds offered, a wrong setting refused on its field with the runtime's own message, an exporter added. */
    private void exportersAreCheckedAndAdded(URI base) throws Exception {
        JsonNode kinds =
                JSON.readTree(call(base, "GET", "/api/v1/exporter-kinds", null).body());
        JsonNode json = null;
        for (JsonNode k : kinds.path("kinds")) {
            if (k.path("name").asText().equals("json")) {
                json = k;
            }
        }
        assertTrue(json != null, "the json kind is offered: " + kinds);
        assertTrue(json.path("settings").toString().contains("\"key\":\"max_open_files\""), json.toString());

        // A wrong setting is refused with the runtime's own message, on its field.
        HttpResponse<String> bad = call(
                base,
                "POST",
                "/api/v1/config/exporters/areas/check",
                "{\"type\": \"json\", \"settings\": {\"path\": \"areas.jsonl\", \"max_open_files\": 0}}");
        assertEquals(200, bad.statusCode(), bad.body());
        assertFalse(JSON.readTree(bad.body()).path("ok").asBoolean(), bad.body());
        JsonNode problem = JSON.readTree(bad.body()).path("problems").path(0);
        assertEquals("/settings/max_open_files", problem.path("field").asText(), bad.body());
        assertTrue(problem.path("message").asText().contains("4096"), bad.body());

        String areas = "{\"type\": \"json\", \"settings\": {\"path\": \"areas.jsonl\"},"
                + " \"events\": [\"event-area-enter:2\"]}";
        assertTrue(JSON.readTree(call(base, "POST", "/api/v1/config/exporters/areas/check", areas)
                        .body())
                .path("ok")
                .asBoolean());
        HttpResponse<String> refused = call(
                base, "PUT", "/api/v1/config/exporters/areas", "{\"type\": \"json\", \"settings\": {\"nope\": 1}}");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(
                "/settings/nope",
                JSON.readTree(refused.body()).path("error").path("field").asText());
        HttpResponse<String> outside = call(
                base,
                "PUT",
                "/api/v1/config/exporters/areas",
                "{\"type\": \"json\", \"settings\": {\"path\": \"/etc/areas.jsonl\"}}");
        assertEquals(400, outside.statusCode(), outside.body());
        assertTrue(
                outside.body().contains("remote_config.output_roots"), "the admin writes under the output roots only");
        HttpResponse<String> added = call(base, "PUT", "/api/v1/config/exporters/areas", areas);
        assertEquals(201, added.statusCode(), added.body());
    }

    /** A wrong zone refused on its field; new rules applied to the running channel. */
    private void rulesAreReplaced(URI base) throws Exception {
        HttpResponse<String> badZone = call(
                base,
                "PUT",
                "/api/v1/channels/lobby/rules",
                "{\"zones\": [{\"name\": \"z\", \"polygon\": [[0.1, 2]]}]}");
        assertEquals(400, badZone.statusCode(), badZone.body());
        assertTrue(
                JSON.readTree(badZone.body())
                        .path("error")
                        .path("field")
                        .asText()
                        .startsWith("/zones/0/polygon"),
                badZone.body());

        HttpResponse<String> ruled = call(base, "PUT", "/api/v1/channels/lobby/rules", EVERYWHERE);
        assertEquals(200, ruled.statusCode(), ruled.body());
        assertEquals(
                "everywhere",
                JSON.readTree(call(base, "GET", "/api/v1/channels/lobby/rules", null)
                                .body())
                        .path("zones")
                        .path(0)
                        .path("name")
                        .asText());
        Path file = dir.resolve("areas.jsonl");
        waitFor("the walker to enter the new zone", () -> read(file).contains("\"zone\":\"everywhere\""));
        assertFalse(read(file).contains("\"zone\":\"right\""), "the old zones are gone");
    }

    /** A channel added, refused when wrong, and removed; the others run on. */
    private void aChannelIsAddedAndRemoved(URI base) throws Exception {
        // A channel added, refused when wrong, and removed; the others run on.
        HttpResponse<String> badChannel =
                call(base, "PUT", "/api/v1/config/channels/yard", "{\"url\": \"lavfi:testsrc2\", \"loop\": 3}");
        assertEquals(400, badChannel.statusCode(), badChannel.body());
        assertEquals(
                "/loop",
                JSON.readTree(badChannel.body()).path("error").path("field").asText(),
                badChannel.body());
        String yard = "{\"url\": \"lavfi:testsrc2=size=320x240:rate=10\", \"motion\": {\"enabled\": false}}";
        assertEquals(
                201, call(base, "PUT", "/api/v1/config/channels/yard", yard).statusCode());
        waitFor("yard to be online", () -> channelState(base, "yard").equals("online"));
        assertEquals(
                204, call(base, "DELETE", "/api/v1/config/channels/yard", null).statusCode());
        assertEquals("", channelState(base, "yard"));
        assertEquals("online", channelState(base, "lobby"), "the other channel ran on");
    }

    /** The exporter added goes again, once. */
    private void anExporterIsRemoved(URI base) throws Exception {
        assertEquals(
                204,
                call(base, "DELETE", "/api/v1/config/exporters/areas", null).statusCode());
        assertEquals(
                404,
                call(base, "DELETE", "/api/v1/config/exporters/areas", null).statusCode());
        assertFalse(call(base, "GET", "/api/v1/config/exporters", null).body().contains("\"areas\""));
    }

    /** The overrides file holds what changed, and the next start applies it. */
    private void theChangesAreKeptForTheNextStart() throws Exception {
        JsonNode overrides = JSON.readTree(dir.resolve(".evex/overrides.json").toFile());
        assertTrue(overrides.path("exporters").path("areas").path("removed").asBoolean(), overrides.toString());
        assertEquals(
                "everywhere",
                overrides
                        .path("rules")
                        .path("lobby")
                        .path("zones")
                        .path(0)
                        .path("name")
                        .asText());
        assertTrue(overrides.path("channels").path("yard").path("removed").asBoolean(), overrides.toString());

        // The next start has the changes: the sample's zone is "everywhere" now.
        Path eventsFile = dir.resolve("out/lobby/events.jsonl");
        int before = read(eventsFile).length();
        EvexProcess.Result again = EvexProcess.run(dir, "run", "--duration", "12s", "--no-http");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("changes made while running are applied from"), again.out());
        String events = read(eventsFile).substring(before);
        assertTrue(events.contains("\"zone\":\"everywhere\""), "the zone of the last run applies again");
    }

    /** The channel's state as {@code GET /channels} says, or "" when it does not run. */
    private String channelState(URI base, String id) {
        try {
            for (JsonNode c : JSON.readTree(
                            call(base, "GET", "/api/v1/channels", null).body())
                    .path("channels")) {
                if (c.path("id").asText().equals(id)) {
                    return c.path("state").asText();
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(40), condition);
    }
}
