package io.evex.dist;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Setting;
import io.evex.api.SettingType;
import io.evex.api.SettingsSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The reference tables of the docs, made from what the code reads: every key of
 * {@code config.schema.json} with its type, default and description, and every setting of an
 * exporter kind. {@link DocsIT} fails when a page's table differs from what this makes.
 */
final class ReferenceTables {

    private ReferenceTables() {}

    /** One row per key of the configuration schema, depth first, with its path. */
    static String configuration(JsonNode schema) {
        List<String> rows = new ArrayList<>();
        rows.add("| key | type | default | what it is |");
        rows.add("|---|---|---|---|");
        properties(schema, schema, "", rows);
        return String.join("\n", rows);
    }

    private static void properties(JsonNode root, JsonNode node, String prefix, List<String> rows) {
        JsonNode props = node.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode p = resolve(root, e.getValue());
            JsonNode given = e.getValue().has("default") ? e.getValue().path("default") : p.path("default");
            rows.add("| `" + path + "` | " + type(root, p) + " | " + value(given) + " | "
                    + cell(description(root, e.getValue())) + " |");
            if (p.has("properties")) {
                properties(root, p, path + ".", rows);
            }
            JsonNode items = resolve(root, p.path("items"));
            if (items.has("properties")) {
                properties(root, items, path + "[].", rows);
            }
            for (JsonNode option : p.path("oneOf")) {
                JsonNode o = resolve(root, option);
                if (o.has("properties")) {
                    properties(root, o, path + ".", rows);
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            return root.at(ref.substring(1));
        }
        return node;
    }

    private static String description(JsonNode root, JsonNode p) {
        String own = p.path("description").asText("");
        return own.isEmpty() ? resolve(root, p).path("description").asText("") : own;
    }

    private static String type(JsonNode root, JsonNode p) {
        String ref = p.path("$ref").asText("");
        if (p.has("pattern") && p.path("pattern").asText().contains("ms|s|m|h|d")) {
            return "duration";
        }
        if (p.has("enum")) {
            List<String> values = new ArrayList<>();
            p.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            return "one of " + String.join(", ", values);
        }
        if (p.has("oneOf")) {
            List<String> types = new ArrayList<>();
            p.get("oneOf").forEach(o -> types.add(type(root, resolve(root, o))));
            return String.join(" or ", types);
        }
        String t = p.path("type").asText(ref.isEmpty() ? "any" : "object");
        if (t.equals("array")) {
            JsonNode items = resolve(root, p.path("items"));
            String of = items.path("pattern").asText().contains(":[0-9]") ? "host:port" : type(root, items);
            return "list of " + of;
        }
        return t;
    }

    private static String value(JsonNode v) {
        return v.isMissingNode() ? "" : "`" + (v.isTextual() ? v.asText() : v.toString()) + "`";
    }

    /** One row per event type: its versions and what each version's schema says it is. */
    static String events(JsonNode catalog, java.util.function.Function<String, JsonNode> schema) {
        List<String> rows = new ArrayList<>();
        rows.add("| type | versions | what each version is |");
        rows.add("|---|---|---|");
        for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("types").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> versions = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                versions.add(v.asText());
                titles.add("v" + v.asText() + ": "
                        + schema.apply(e.getKey() + "/v" + v.asText())
                                .path("title")
                                .asText());
            }
            rows.add("| `" + e.getKey() + "` | " + String.join(", ", versions) + " | " + cell(String.join("; ", titles))
                    + " |");
        }
        return String.join("\n", rows);
    }

    /** One row per setting of a kind: key, type, default, range or options, help. */
    static String settings(SettingsSpec spec) {
        List<String> rows = new ArrayList<>();
        rows.add("| setting | type | default | allowed | what it is |");
        rows.add("|---|---|---|---|---|");
        for (Setting s : spec.settings()) {
            rows.add("| `" + s.key() + "` | " + s.type().jsonName() + " | "
                    + (s.defaultValue() == null
                            ? "*required*"
                            : s.defaultValue().toString().isEmpty() ? "" : "`" + s.defaultValue() + "`")
                    + " | " + allowed(s) + " | " + cell(s.label() + (s.help().isEmpty() ? "" : ": " + s.help()))
                    + " |");
        }
        return String.join("\n", rows);
    }

    private static String allowed(Setting s) {
        if (!s.options().isEmpty()) {
            return String.join(", ", s.options());
        }
        if (s.min() == null && s.max() == null) {
            return "";
        }
        if (s.type() == SettingType.DURATION) {
            return io.evex.api.Durations.ofMillis(s.min() == null ? 0 : s.min()) + ".."
                    + (s.max() == null ? "" : io.evex.api.Durations.ofMillis(s.max()));
        }
        return number(s.min()) + ".." + number(s.max());
    }

    private static String number(Double d) {
        if (d == null) {
            return "";
        }
        return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
