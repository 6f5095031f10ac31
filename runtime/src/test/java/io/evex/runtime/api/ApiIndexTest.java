package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/}, the address a newcomer opens first, says where to go without a token. */
class ApiIndexTest extends FakeHostTest {

    @Test
    void theApiRootListsItsCallsAndHowToSignIn() throws Exception {
        for (String root : new String[] {"/api/v1", "/api/v1/"}) {
            JsonNode index = ok("get", root, "/", 200, api.get(root, null));
            assertEquals("/api/v1/openapi.json", index.path("openapi").asText());
            assertEquals(
                    "/api/v1/channels", index.path("links").path("channels").asText());
        }
        // what the index points at answers, with the token it describes
        assertEquals(200, api.get("/api/v1/channels", ADMIN).statusCode());
        assertEquals(401, api.get("/api/v1/channels", null).statusCode());
    }
}
