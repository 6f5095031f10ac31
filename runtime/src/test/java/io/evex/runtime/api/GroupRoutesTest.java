package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.TokenStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Group tokens: the channels they reach, the tokens derived from them, revocation. */
class GroupRoutesTest extends SampleRuntimeTest {

    @Test
    void groupTokensReachTheirChannelsOnlyAndCanBeRevoked() throws Exception {
        JsonNode group = ok(
                "post",
                "/groups",
                "/groups",
                201,
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"front\", \"channels\": [\"lobby\"]}"));
        String id = group.get("id").asText();
        String token = group.get("token").asText();
        JsonNode seen = ok("get", "/channels", "/channels", 200, api.get("/api/v1/channels", token));
        assertEquals(1, seen.get("channels").size(), "a group sees its channels only");
        assertEquals(200, api.get("/api/v1/channels/lobby/image", token).statusCode());
        refused(api.get("/api/v1/channels/yard/image", token), 403, "/channels/{id}/image", "get", null);
        refused(api.send("POST", "/api/v1/groups", token, "{\"name\": \"mine\"}"), 403, "/groups", "post", null);
        ok("get", "/groups/" + id, "/groups/{id}", 200, api.get("/api/v1/groups/" + id, token));

        String lobbyToken = derivedTokensAndUrlsReachTheirChannel(id, token);

        // Adding yard reaches it at once; a bad channel name is refused with its place in the list.
        assertEquals(
                204,
                api.send("PUT", "/api/v1/groups/" + id + "/channels/yard", ADMIN, null)
                        .statusCode());
        assertEquals(200, api.get("/api/v1/channels/yard/probe", token).statusCode());
        refused(
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"x\", \"channels\": [\"lobby\", \"nope\"]}"),
                400,
                "/groups",
                "post",
                "channels/1");

        // Tokens survive a restart: they are kept hashed, and nothing of them in clear.
        String kept = Files.readString(dir.resolve("state/tokens.json"));
        // the random part after evx_g_<group>_ (itself base64url, so it may hold more underscores)
        assertFalse(kept.contains(token.substring(("evx_g_" + id + "_").length())), "no token in clear");
        TokenStore reloaded = new TokenStore(dir.resolve("state"), ADMIN);
        assertEquals(Access.of(id, null, Access.VIEW_ONLY), reloaded.authenticate(token));

        // Revoked tokens are refused.
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/channels/lobby/token", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels/lobby/probe", lobbyToken), 401, "/channels/{id}/probe", "get", null);
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/token", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels", token), 401, "/channels", "get", null);
        assertEquals(
                204, api.send("DELETE", "/api/v1/groups/" + id, ADMIN, null).statusCode());
        refused(api.get("/api/v1/groups/" + id, ADMIN), 404, "/groups/{id}", "get", null);
    }

    /** A group's channel tokens reach their channel only; its live URLs carry a token. Returns lobby's token. */
    private static String derivedTokensAndUrlsReachTheirChannel(String id, String token) throws Exception {
        JsonNode channels = ok(
                "get",
                "/groups/x/channels",
                "/groups/{id}/channels",
                200,
                api.get("/api/v1/groups/" + id + "/channels", token));
        String lobbyToken = channels.at("/channels/0/token").asText();
        assertEquals(200, api.get("/api/v1/channels/lobby/probe", lobbyToken).statusCode());
        refused(api.get("/api/v1/channels/yard/probe", lobbyToken), 403, "/channels/{id}/probe", "get", null);
        JsonNode urls = ok(
                "get",
                "/groups/x/live-urls",
                "/groups/{id}/live-urls",
                200,
                api.get("/api/v1/groups/" + id + "/live-urls", token));
        String mjpeg = urls.at("/channels/0/mjpeg").asText();
        assertTrue(mjpeg.contains("token="), mjpeg);
        HttpResponse<byte[]> image = api.get(
                urls.at("/channels/0/image").asText().replace(api.base.toString(), "/"),
                null); // the token is in the URL
        assertEquals(200, image.statusCode());
        return lobbyToken;
    }
}
