package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Scopes on a real runtime (issue 24 point 2; review M2, M5, L2, L4): the viewer role, group tokens
 * made with permissions and an expiry, revocation of the channel tokens derived before, and the
 * same 401 whether a channel exists or not.
 */
class TokenScopesTest extends SampleRuntimeTest {

    private static final String METADATA = "{\"note\": \"from the AI engine\"}";

    private static String event(String channel) {
        return "{\"$id\": \"metadata\", \"version\": 1, \"channel\": \"" + channel
                + "\", \"frame_id\": 1, \"frame_time\": 0, \"source\": \"test\", \"data\": {}}";
    }

    @Test
    void aViewerReadsEverythingAndChangesNothing() throws Exception {
        JsonNode made = ok(
                "post",
                "/tokens",
                "/tokens",
                201,
                api.send(
                        "POST",
                        "/api/v1/tokens",
                        ADMIN,
                        "{\"role\": \"viewer\", \"name\": \"wall\", \"expires_in\": \"1h\"}"));
        String viewer = made.get("token").asText();
        long expires = made.get("expires_at_ms").asLong();
        assertTrue(Math.abs(expires - System.currentTimeMillis() - 3_600_000) < 60_000, "an hour from now: " + expires);

        JsonNode status = json(api.get("/api/status", viewer));
        status.get("exporters").forEach(e -> assertFalse(e.has("details"), "a viewer sees no exporter details: " + e));
        status.get("channels").forEach(c -> assertFalse(c.has("url"), "a viewer sees no camera URL: " + c));
        assertTrue(json(api.get("/api/status", ADMIN)).at("/channels/0").has("url"), "the admin does");
        assertEquals(200, api.get("/api/v1/metrics", viewer).statusCode());
        assertEquals(200, api.get("/api/v1/channels/yard/image", viewer).statusCode());
        assertEquals(
                2,
                ok("get", "/channels", "/channels", 200, api.get("/api/v1/channels", viewer))
                        .get("channels")
                        .size());

        refused(
                api.send("POST", "/api/v1/channels/lobby/metadata", viewer, METADATA),
                403,
                "/channels/{id}/metadata",
                "post",
                null);
        refused(api.send("POST", "/api/v1/events", viewer, event("lobby")), 403, "/events", "post", null);
        refused(api.get("/api/v1/config/exporters", viewer), 403, "/config/exporters", "get", null);
        refused(api.send("POST", "/api/v1/groups", viewer, "{\"name\": \"x\"}"), 403, "/groups", "post", null);
        refused(api.send("POST", "/api/v1/tokens", viewer, "{}"), 403, "/tokens", "post", null);

        JsonNode list = ok("get", "/tokens", "/tokens", 200, api.get("/api/v1/tokens", ADMIN));
        assertFalse(list.toString().contains(viewer), "the list never shows a token");
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/tokens/" + made.get("id").asText(), ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels", viewer), 401, "/channels", "get", null);
        refused(
                api.send("POST", "/api/v1/tokens", ADMIN, "{\"expires_in\": \"forever\"}"),
                400,
                "/tokens",
                "post",
                "expires_in");
        refused(api.send("POST", "/api/v1/tokens", ADMIN, "{\"role\": \"admin\"}"), 400, "/tokens", "post", "role");
    }

    @Test
    void groupTokensDoWhatTheyWereMadeForAndTheirChannelTokensToo() throws Exception {
        JsonNode viewOnly = ok(
                "post",
                "/groups",
                "/groups",
                201,
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"wall\", \"channels\": [\"lobby\"]}"));
        assertEquals("[\"view\"]", viewOnly.get("permissions").toString(), "view only unless asked");
        String reader = viewOnly.get("token").asText();
        assertEquals(
                200, api.get("/api/v1/channels/lobby/metadata?from=0", reader).statusCode());
        HttpResponse<byte[]> refusal = api.send("POST", "/api/v1/channels/lobby/metadata", reader, METADATA);
        refused(refusal, 403, "/channels/{id}/metadata", "post", null);
        assertTrue(json(refusal).at("/error/message").asText().contains("metadata"), new String(refusal.body()));
        refused(api.send("POST", "/api/v1/events", reader, event("lobby")), 403, "/events", "post", null);

        JsonNode engine = ok(
                "post",
                "/groups",
                "/groups",
                201,
                api.send(
                        "POST",
                        "/api/v1/groups",
                        ADMIN,
                        "{\"name\": \"engine\", \"channels\": [\"lobby\"], \"permissions\": [\"view\", \"metadata\"]}"));
        String writer = engine.get("token").asText();
        assertEquals(
                201,
                api.send("POST", "/api/v1/channels/lobby/metadata", writer, METADATA)
                        .statusCode());
        refused(api.send("POST", "/api/v1/events", writer, event("lobby")), 403, "/events", "post", null);
        String lobby = channelToken(engine.get("id").asText(), writer);
        assertEquals(
                201,
                api.send("POST", "/api/v1/channels/lobby/metadata", lobby, METADATA)
                        .statusCode(),
                "a channel token carries its group token's permissions");
        refused(
                api.send("POST", "/api/v1/channels/yard/metadata", lobby, METADATA),
                403,
                "/channels/{id}/metadata",
                "post",
                null);
        refused(
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"x\", \"permissions\": [\"view\", \"admin\"]}"),
                400,
                "/groups",
                "post",
                "permissions/1");
    }

    @Test
    void rotatingAGroupTokenOrReaddingAChannelRevokesWhatWasDerivedBefore() throws Exception {
        JsonNode group = json(
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"site\", \"channels\": [\"lobby\", \"yard\"]}"));
        String id = group.get("id").asText();
        String first = group.get("token").asText();
        String lobbyBefore = channelToken(id, first);
        assertEquals(200, api.get("/api/v1/channels/lobby/probe", lobbyBefore).statusCode());

        JsonNode rotated = ok(
                "post",
                "/groups/x/token",
                "/groups/{id}/token",
                201,
                api.send("POST", "/api/v1/groups/" + id + "/token", ADMIN, "{\"expires_in\": \"2h\"}"));
        String second = rotated.get("token").asText();
        assertTrue(rotated.hasNonNull("expires_at_ms"), rotated.toString());
        refused(api.get("/api/v1/channels", first), 401, "/channels", "get", null);
        refused(api.get("/api/v1/channels/lobby/probe", lobbyBefore), 401, "/channels/{id}/probe", "get", null);
        String lobbyNow = channelToken(id, second);
        assertFalse(lobbyNow.equals(lobbyBefore));
        assertEquals(200, api.get("/api/v1/channels/lobby/probe", lobbyNow).statusCode());

        String yardBefore = json(api.get("/api/v1/groups/" + id + "/channels", second))
                .at("/channels/1/token")
                .asText();
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/channels/yard", ADMIN, null)
                        .statusCode());
        assertEquals(
                204,
                api.send("PUT", "/api/v1/groups/" + id + "/channels/yard", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels/yard/probe", yardBefore), 401, "/channels/{id}/probe", "get", null);
        String yardNow = json(api.get("/api/v1/groups/" + id + "/channels", second))
                .at("/channels/1/token")
                .asText();
        assertEquals(200, api.get("/api/v1/channels/yard/probe", yardNow).statusCode());

        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/token", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels/lobby/probe", lobbyNow), 401, "/channels/{id}/probe", "get", null);
    }

    @Test
    void nothingIsToldBeforeTheTokenAndNothingOutsideItsReach() throws Exception {
        HttpResponse<byte[]> there = api.get("/api/v1/channels/lobby/image", null);
        HttpResponse<byte[]> absent = api.get("/api/v1/channels/no-such-camera/image", null);
        assertEquals(401, there.statusCode());
        assertEquals(401, absent.statusCode());
        assertArrayEquals(there.body(), absent.body(), "the same refusal whether the channel exists or not");
        assertEquals(401, api.get("/api/v1/channels/no-such-camera/probe", null).statusCode());

        JsonNode group =
                json(api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"one\", \"channels\": [\"lobby\"]}"));
        String token = group.get("token").asText();
        assertEquals(403, api.get("/api/v1/channels/yard", token).statusCode());
        assertEquals(
                403,
                api.get("/api/v1/channels/no-such-camera", token).statusCode(),
                "outside its reach, a token learns no channel names either");
        assertEquals(404, api.get("/api/v1/channels/no-such-camera", ADMIN).statusCode());

        // ?token= is for players and <img> tags: it reads, it never changes anything.
        assertEquals(200, api.get("/api/v1/channels?token=" + ADMIN, null).statusCode());
        assertEquals(
                401,
                api.send("POST", "/api/v1/groups?token=" + ADMIN, null, "{\"name\": \"q\"}")
                        .statusCode());
        assertEquals(
                401,
                api.send("DELETE", "/api/v1/groups/" + group.get("id").asText() + "?token=" + ADMIN, null, null)
                        .statusCode());
    }

    private static String channelToken(String group, String groupToken) throws Exception {
        return json(api.get("/api/v1/groups/" + group + "/channels", groupToken))
                .at("/channels/0/token")
                .asText();
    }
}
