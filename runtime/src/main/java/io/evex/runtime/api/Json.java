package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.http.ApiException;
import io.javalin.http.Context;
import java.io.IOException;

/** JSON in and out of the API (Jackson, the runtime's own mapper; no reflection on our types). */
final class Json {

    /** Response records are written in snake_case, as every field of the API is named. */
    static final ObjectMapper MAPPER =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /** A response body written as a record (its components, in order, are the JSON fields). */
    static void send(Context ctx, int status, Record body) {
        send(ctx, status, (JsonNode) MAPPER.valueToTree(body));
    }

    /** The request body as JSON, at most {@code maxBytes}; 413 when larger, 400 when not JSON. */
    static JsonNode body(Context ctx, int maxBytes) {
        return body(ctx, maxBytes, false);
    }

    /** The same, where no body at all means an empty object (every field left to its default). */
    static JsonNode bodyOrEmpty(Context ctx, int maxBytes) {
        return body(ctx, maxBytes, true);
    }

    private static JsonNode body(Context ctx, int maxBytes, boolean optional) {
        byte[] bytes;
        try (var in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(413, "too_large", "the body is over " + maxBytes + " bytes", "body");
        }
        if (bytes.length == 0 && optional) {
            return MAPPER.createObjectNode();
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("body", "a JSON body is needed");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            String m = e.getMessage() == null
                    ? ""
                    : e.getMessage().lines().findFirst().orElse("");
            throw ApiException.badRequest("body", "the body is not JSON: " + m);
        }
    }
}
