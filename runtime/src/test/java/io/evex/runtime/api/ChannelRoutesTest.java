package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code GET /channels}, {@code /channels/{id}} and the probe, on a runtime playing the sample twice. */
class ChannelRoutesTest extends SampleRuntimeTest {

    @Test
    void channelsAndProbeAnswerWithTheirFactsAndRefuseWhatIsWrong() throws Exception {
        JsonNode list = ok("get", "/channels", "/channels", 200, api.get("/api/v1/channels", ADMIN));
        assertEquals(2, list.get("channels").size());
        JsonNode lobby = ok("get", "/channels/lobby", "/channels/{id}", 200, api.get("/api/v1/channels/lobby", ADMIN));
        assertEquals("online", lobby.get("state").asText());
        assertEquals(640, lobby.get("width").asInt());
        JsonNode probe = ok(
                "get",
                "/channels/lobby/probe",
                "/channels/{id}/probe",
                200,
                api.get("/api/v1/channels/lobby/probe", ADMIN));
        assertTrue(probe.get("online").asBoolean());
        assertEquals("h264", probe.get("codec").asText());
        assertTrue(probe.get("cache_frames").asInt() > 0, probe.toString());
        assertTrue(
                probe.get("cache_end_ms").asLong()
                        >= probe.get("cache_start_ms").asLong(),
                probe.toString());
        assertTrue(probe.get("last_frame_age_ms").asLong() < 2000, probe.toString());
        // Chrysalis's ProbeInfo names for the same span: start/end in epoch ms, duration in s, fps
        assertEquals(
                probe.get("cache_start_ms").asLong(),
                probe.get("start_timestamp").asLong());
        assertEquals(
                probe.get("cache_end_ms").asLong(), probe.get("end_timestamp").asLong());
        assertEquals(
                (probe.get("end_timestamp").asLong()
                                - probe.get("start_timestamp").asLong())
                        / 1000.0,
                probe.get("duration").asDouble(),
                0.01);
        assertTrue(probe.get("fps").asDouble() > 0, probe.toString());

        refused(api.get("/api/v1/channels", null), 401, "/channels", "get", null);
        refused(api.get("/api/v1/channels", "evx_a_wrong"), 401, "/channels", "get", null);
        refused(api.get("/api/v1/channels/nope", ADMIN), 404, "/channels/{id}", "get", null);
        refused(api.get("/api/v1/channels/lobby/image?width=5", ADMIN), 400, "/channels/{id}/image", "get", "width");
        refused(
                api.get("/api/v1/channels/lobby/image?format=gif", ADMIN),
                400,
                "/channels/{id}/image",
                "get",
                "format");
        refused(
                api.get("/api/v1/channels/lobby/images?from=20&to=10", ADMIN),
                400,
                "/channels/{id}/images",
                "get",
                "to");
        assertEquals(401, api.get("/api/status", null).statusCode(), "status needs a token once one is configured");
        assertEquals(200, api.get("/api/status", ADMIN).statusCode());
    }
}
