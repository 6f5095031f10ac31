package io.evex.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.schemas.convert.Converters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event type Evex knows, the schema versions of each (from {@code schemas/catalog.json}),
 * and validation of events against them.
 */
public final class EventCatalog {

    private final Map<String, List<Integer>> versionsByType;
    private final SchemaValidator validator;
    private final Converters converters;

    private EventCatalog(Map<String, List<Integer>> versionsByType, SchemaValidator validator, Converters converters) {
        this.versionsByType = versionsByType;
        this.validator = validator;
        this.converters = converters;
    }

    /** The catalog shipped with this build, with the built-in converters. */
    public static EventCatalog load() {
        try (InputStream in = EventCatalog.class.getResourceAsStream("/evex/schemas/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("evex/schemas/catalog.json is not on the classpath");
            }
            JsonNode types = new ObjectMapper().readTree(in).get("types");
            Map<String, List<Integer>> byType = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<Integer> versions = new ArrayList<>();
                e.getValue().forEach(v -> versions.add(v.asInt()));
                Collections.sort(versions);
                byType.put(e.getKey(), List.copyOf(versions));
            }
            return new EventCatalog(Collections.unmodifiableMap(byType), new SchemaValidator(), Converters.builtIn());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema catalog", e);
        }
    }

    /** Types and their versions, oldest first. */
    public Map<String, List<Integer>> versionsByType() {
        return versionsByType;
    }

    /** The versions of a type, oldest first; empty for an unknown type. */
    public List<Integer> versions(String type) {
        return versionsByType.getOrDefault(type, List.of());
    }

    /** The newest version of a type: the one Evex's own producers emit. */
    public int latest(String type) {
        List<Integer> versions = versions(type);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        return versions.get(versions.size() - 1);
    }

    /** The converters between versions. */
    public Converters converters() {
        return converters;
    }

    /** The shared validator, for descriptor and configuration files too. */
    public SchemaValidator validator() {
        return validator;
    }

    /**
     * Checks that an event names a known type and version and matches that version's schema.
     *
     * @return every problem; empty when the event is valid
     */
    public List<Problem> validate(JsonNode event, String source, int line) {
        if (!event.isObject()) {
            return List.of(
                    new Problem(source, line, "", "an event must be a JSON object, found " + event.getNodeType()));
        }
        JsonNode id = event.get("$id");
        JsonNode version = event.get("$version");
        if (id == null || !id.isTextual()) {
            return List.of(new Problem(
                    source, line, "/$id", "missing or not a string: every event names its type in \"$id\""));
        }
        if (!versionsByType.containsKey(id.asText())) {
            return List.of(new Problem(
                    source,
                    line,
                    "/$id",
                    "unknown event type '" + id.asText() + "' (known: " + String.join(", ", versionsByType.keySet())
                            + ")"));
        }
        if (version == null || !version.canConvertToExactIntegral()) {
            return List.of(new Problem(
                    source,
                    line,
                    "/$version",
                    "missing or not a whole number: every event names its schema version in \"$version\""));
        }
        if (!versions(id.asText()).contains(version.asInt())) {
            return List.of(new Problem(
                    source,
                    line,
                    "/$version",
                    "type '" + id.asText() + "' has no version " + version.asInt() + " (versions: "
                            + versions(id.asText()) + ")"));
        }
        return validator.validate(schemaPath(id.asText(), version.asInt()), event, source, line);
    }

    /** The path of a version's schema under {@code schemas/}. */
    public static String schemaPath(String type, int version) {
        return type + "/v" + version + ".schema.json";
    }
}
