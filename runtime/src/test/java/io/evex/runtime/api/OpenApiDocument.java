package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The API's own OpenAPI 3.1 document, as served: checks real responses against the schema its
 * path, method and status name (OpenAPI 3.1 schemas are JSON Schema 2020-12: networknt validates
 * them as they are).
 */
final class OpenApiDocument {

    private final JsonNode doc;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    OpenApiDocument(JsonNode doc) {
        this.doc = doc;
        assertEquals("3.1.0", doc.path("openapi").asText());
    }

    /** Asserts that {@code body} is what the document promises for {@code method path} answering {@code status}. */
    void check(String method, String path, int status, JsonNode body) {
        JsonNode response =
                doc.path("paths").path(path).path(method).path("responses").path(Integer.toString(status));
        assertTrue(!response.isMissingNode(), method + " " + path + " " + status + " is not in the OpenAPI document");
        JsonNode schema = response.path("content").path("application/json").path("schema");
        assertTrue(!schema.isMissingNode(), method + " " + path + " " + status + " has no JSON schema");
        ObjectNode wrapper = ApiClient.JSON.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.setAll((ObjectNode) schema.deepCopy());
        wrapper.set("components", doc.get("components")); // so that #/components/schemas/... resolve
        Schema compiled = registry.getSchema(wrapper);
        List<Error> errors = compiled.validate(body);
        assertEquals(List.of(), errors, method + " " + path + " " + status + ": " + body);
    }

    /** Asserts the answer's status and its body against the document; returns the body. */
    JsonNode answer(String method, String path, String docPath, int status, HttpResponse<byte[]> r) throws IOException {
        assertEquals(status, r.statusCode(), method + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = ApiClient.json(r);
        check(method, docPath, status, body);
        return body;
    }

    /** Asserts a refusal: its status, its error body as documented, and the field it names (if any). */
    void refusal(HttpResponse<byte[]> r, int status, String docPath, String method, String field) throws IOException {
        assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = ApiClient.json(r);
        check(method, docPath, status, body);
        assertEquals(status, body.at("/error/status").asInt());
        if (field != null) {
            assertEquals(field, body.at("/error/field").asText(), body.toString());
        }
    }
}
