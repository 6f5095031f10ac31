package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Mosquitto;
import io.evex.runtime.testing.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Home Assistant's MQTT discovery as Home Assistant would read it, with Mosquitto's own
 * {@code mosquitto_sub}: the sample channel's zone, line, motion and picture as entities with
 * availability, states on their state topics, and the zone's entities gone once the API removes it.
 */
class HomeAssistantIT {

    private static final String ADMIN = "home-assistant-admin-token-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Retained and live messages on {@code topic} for {@code seconds}: topic to the last payload. */
    private static Map<String, byte[]> read(int port, String topic, int seconds)
            throws IOException, InterruptedException {
        Process sub = new ProcessBuilder(
                        "mosquitto_sub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-t",
                        topic,
                        "-F",
                        "%t %x",
                        "-W",
                        Integer.toString(seconds))
                .redirectError(ProcessBuilder.Redirect.DISCARD) // "Timed out" at the end
                .start();
        String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sub.waitFor(seconds + 10L, TimeUnit.SECONDS);
        Map<String, byte[]> messages = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                messages.put(
                        line.substring(0, space),
                        HexFormat.of().parseHex(line.substring(space + 1).trim()));
            } else if (!line.isBlank()) {
                messages.put(line.trim(), new byte[0]); // an empty payload: %x prints nothing
            }
        }
        return messages;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void entitiesAreAnnouncedGetStatesAndGoWithTheirZone() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start()) {
            Process evex = EvexProcess.start(
                    dir,
                    Map.of("EVEX_ADMIN_TOKEN", ADMIN),
                    "run",
                    "--http-port",
                    "0",
                    "--export",
                    "mqtt:servers=127.0.0.1:" + broker.port() + ",home_assistant=true,node_id=site1,snapshot_every=1s");
            try {
                URI base = EvexProcess.httpBase(dir, evex);
                Map<String, JsonNode> configs = Waits.value("the discovery configs", Duration.ofSeconds(30), () -> {
                    Map<String, JsonNode> c = configs(broker.port());
                    return c.size() >= 6 ? c : null;
                });
                Set<String> ids = configs.values().stream()
                        .map(c -> c.path("unique_id").asText())
                        .collect(Collectors.toSet());
                assertEquals(
                        Set.of(
                                "evex_site1_lobby_zone_right_occupied",
                                "evex_site1_lobby_zone_right_count",
                                "evex_site1_lobby_line_middle_crossings",
                                "evex_site1_lobby_line_middle_crossing",
                                "evex_site1_lobby_motion",
                                "evex_site1_lobby_picture"),
                        ids);
                assertTrue(configs.containsKey(
                        "homeassistant/binary_sensor/site1/evex_site1_lobby_zone_right_occupied/config"));
                for (JsonNode c : configs.values()) {
                    assertEquals(
                            "evex/site1/status", c.path("availability_topic").asText(), c.toString());
                    assertEquals("lobby", c.at("/device/name").asText());
                    assertTrue(c.hasNonNull("state_topic") || c.hasNonNull("image_topic"), c.toString());
                }
                // Every state topic gets its state; the walker makes the zone occupied and crosses the line.
                Map<String, byte[]> states = read(broker.port(), "evex/site1/#", 12);
                assertEquals("online", text(states.get("evex/site1/status")));
                for (JsonNode c : configs.values()) {
                    String topic = c.hasNonNull("state_topic")
                            ? c.path("state_topic").asText()
                            : c.path("image_topic").asText();
                    assertTrue(states.containsKey(topic), topic + " got no state: " + states.keySet());
                }
                assertTrue(Integer.parseInt(text(states.get("evex/site1/lobby/line/middle/crossings"))) >= 1);
                assertTrue(Set.of("ON", "OFF").contains(text(states.get("evex/site1/lobby/zone/right/occupied"))));
                JsonNode crossing = JSON.readTree(states.get("evex/site1/lobby/line/middle/event"));
                assertTrue(
                        Set.of("a-b", "b-a")
                                .contains(crossing.path("event_type").asText()),
                        crossing.toString());
                byte[] picture = states.get("evex/site1/lobby/snapshot");
                assertEquals((byte) 0xFF, picture[0], "a JPEG");
                assertEquals((byte) 0xD8, picture[1]);

                // The zone goes (the line stays): its entities are removed with empty retained configs.
                var put = EvexProcess.call(
                        HttpClient.newHttpClient(),
                        base,
                        ADMIN,
                        "PUT",
                        "/api/v1/channels/lobby/rules",
                        "{\"zones\": [], \"lines\": [{\"name\": \"middle\", \"points\": [[0.5, 0.9], [0.5, 0.2]]}]}");
                assertEquals(200, put.statusCode(), put.body());
                Map<String, JsonNode> after = Waits.value("the zone's entities to go", Duration.ofSeconds(30), () -> {
                    Map<String, JsonNode> c = configs(broker.port());
                    return c.keySet().stream().noneMatch(t -> t.contains("zone_right")) ? c : null;
                });
                assertTrue(
                        after.keySet().stream().anyMatch(t -> t.contains("line_middle_crossings")),
                        after.keySet().toString());
                assertFalse(
                        read(broker.port(), "evex/site1/lobby/zone/#", 2).values().stream()
                                .anyMatch(v -> v.length > 0),
                        "no retained state of the zone is left");
            } finally {
                evex.destroy();
                evex.waitFor(30, TimeUnit.SECONDS);
            }
            // A polite stop says offline, where the Last Will would have after a crash.
            assertEquals(
                    "offline", text(read(broker.port(), "evex/site1/status", 2).get("evex/site1/status")));
        }
    }

    /** The retained discovery configs now (empty ones are removals: not configs). */
    private static Map<String, JsonNode> configs(int port) throws IOException, InterruptedException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> m : read(port, "homeassistant/#", 2).entrySet()) {
            if (m.getValue().length > 0) {
                out.put(m.getKey(), JSON.readTree(m.getValue()));
            }
        }
        return out;
    }
}
