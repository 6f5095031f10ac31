package io.evex.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Validates documents against Evex's schemas (JSON Schema 2020-12, networknt). Schemas are
 * addressed by their path under {@code schemas/}, e.g. {@code "track/v2.schema.json"}, and
 * loaded from the classpath; compiled schemas are cached. Thread-safe.
 */
public final class SchemaValidator {

    /** The base of every Evex schema's {@code $id}. */
    public static final String BASE_URI = "https://evex.io/schemas/";

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(BASE_URI, "classpath:evex/schemas/")));
    private final ConcurrentMap<String, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * Validates {@code document} against the schema at {@code schemaPath}.
     *
     * @param source names the document's origin in the problems (a file name, "line 3 of x.jsonl")
     * @param fallbackLine the line reported when the node does not know its own (0 = none)
     * @return every problem found; empty when the document is valid
     */
    public List<Problem> validate(String schemaPath, JsonNode document, String source, int fallbackLine) {
        Schema schema = compiled.computeIfAbsent(schemaPath, p -> registry.getSchema(SchemaLocation.of(BASE_URI + p)));
        List<Error> errors = schema.validate(document);
        List<Problem> problems = new ArrayList<>(errors.size());
        for (Error error : errors) {
            int line = JsonDocuments.lineOf(error.getInstanceNode());
            problems.add(new Problem(
                    source, line > 0 ? line : fallbackLine, pointer(error.getInstanceLocation()), message(error)));
        }
        return problems;
    }

    /** Turns a validator path into a JSON pointer such as {@code /exporters/0/queue/size}. */
    static String pointer(NodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            String name = String.valueOf(path.getElement(i));
            sb.append('/').append(name.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    /** The validator's message without its own location prefix (the pointer says where). */
    private static String message(Error error) {
        String m = error.getMessage();
        int colon = m.indexOf(": ");
        if (m.startsWith("$") || m.startsWith("/")) {
            return colon > 0 ? m.substring(colon + 2) : m;
        }
        return m;
    }
}
