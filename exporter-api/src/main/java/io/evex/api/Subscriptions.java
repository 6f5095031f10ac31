package io.evex.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types an exporter takes and, for each, the schema versions it accepts.
 *
 * <p>Written either as CVEDIA-RT's strings ({@code ["track:2", "track:1", "event-motion:1"]}) or
 * as a map from type to a version or a list of versions ({@code {"track": [2, 1], "inference": 0}}).
 * Version {@code 0}, an empty list or {@code "type:0"} means "not subscribed". The type {@code "*"}
 * stands for every type, at the newest version the runtime produces.
 */
public final class Subscriptions {

    /** Every event type at its newest version. */
    public static final Subscriptions ALL_LATEST = new Subscriptions(Map.of(), true);

    /** Nothing at all. */
    public static final Subscriptions NONE = new Subscriptions(Map.of(), false);

    private final Map<String, List<Integer>> versionsByType;
    private final boolean allTypes;
    private final Set<String> excludedTypes;

    private Subscriptions(Map<String, List<Integer>> versionsByType, boolean allTypes) {
        this(versionsByType, allTypes, Set.of());
    }

    private Subscriptions(Map<String, List<Integer>> versionsByType, boolean allTypes, Set<String> excludedTypes) {
        this.excludedTypes = excludedTypes;
        this.versionsByType = versionsByType;
        this.allTypes = allTypes;
    }

    /** Parses {@code "type:version"} strings; {@code "*"} alone means all types. */
    public static Subscriptions of(String... entries) {
        return parseStrings(Arrays.asList(entries), "");
    }

    /**
     * Parses the JSON form, either an array of {@code "type:version"} strings or an object from
     * type to version(s).
     *
     * @param where names the place the node came from, prefixed to error messages
     * @throws IllegalArgumentException naming the offending entry and why
     */
    public static Subscriptions fromJson(JsonNode node, String where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (node.isTextual()) {
            return parseStrings(List.of(node.asText()), where);
        }
        if (node.isArray()) {
            List<String> entries = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException(
                            where + "each entry must be a \"type:version\" string, found " + item);
                }
                entries.add(item.asText());
            }
            return parseStrings(entries, where);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where
                    + "expected a list of \"type:version\" strings or an object from type to versions, found " + node);
        }
        Map<String, TreeSet<Integer>> collected = new LinkedHashMap<>();
        boolean all = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String type = field.getKey();
            TreeSet<Integer> versions = collected.computeIfAbsent(type, k -> new TreeSet<>(Collections.reverseOrder()));
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode v : value) {
                    versions.add(version(v, where + type));
                }
            } else {
                versions.add(version(value, where + type));
            }
            versions.remove(0);
            if (type.equals("*") && !versions.isEmpty()) {
                all = true;
            }
        }
        return build(collected, all);
    }

    private static int version(JsonNode v, String where) {
        if (!v.canConvertToExactIntegral() || v.asInt() < 0) {
            throw new IllegalArgumentException(where + ": a version must be a whole number >= 0, found " + v);
        }
        return v.asInt();
    }

    private static Subscriptions parseStrings(List<String> entries, String where) {
        Map<String, TreeSet<Integer>> collected = new LinkedHashMap<>();
        boolean all = false;
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.equals("*")) {
                all = true;
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException(
                        where + "'" + entry + "' is not of the form \"type:version\" (e.g. \"track:2\")");
            }
            String type = trimmed.substring(0, colon);
            int version;
            try {
                version = Integer.parseInt(trimmed.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "'" + entry + "': the version must be a whole number");
            }
            if (version < 0) {
                throw new IllegalArgumentException(where + "'" + entry + "': the version must be >= 0");
            }
            TreeSet<Integer> versions = collected.computeIfAbsent(type, k -> new TreeSet<>(Collections.reverseOrder()));
            if (version > 0) {
                versions.add(version);
            }
        }
        return build(collected, all);
    }

    private static Subscriptions build(Map<String, TreeSet<Integer>> collected, boolean all) {
        Map<String, List<Integer>> result = new LinkedHashMap<>();
        Set<String> excluded = new TreeSet<>();
        collected.forEach((type, versions) -> {
            if (!type.equals("*") && !versions.isEmpty()) {
                result.put(type, List.copyOf(versions));
            } else if (!type.equals("*")) {
                excluded.add(type); // written with version 0: with "*", every type but this one
            }
        });
        return new Subscriptions(Collections.unmodifiableMap(result), all, all ? Set.copyOf(excluded) : Set.of());
    }

    /** Explicitly subscribed types and their accepted versions, newest first. */
    public Map<String, List<Integer>> versionsByType() {
        return versionsByType;
    }

    /** True when every type is wanted at its newest version (besides the explicit entries). */
    public boolean allTypes() {
        return allTypes;
    }

    /**
     * Types written with version {@code 0} next to {@code "*"} ({@code {"*": 1, "track": 0}} = every
     * type but {@code track}, as CVEDIA-RT reads it); empty without {@code "*"}.
     *
     * @since 0.3
     */
    public Set<String> excludedTypes() {
        return excludedTypes;
    }

    /** True when nothing is subscribed. */
    public boolean isEmpty() {
        return !allTypes && versionsByType.isEmpty();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (allTypes) {
            parts.add("*");
        }
        versionsByType.forEach((type, versions) -> versions.forEach(v -> parts.add(type + ":" + v)));
        excludedTypes.forEach(type -> parts.add(type + ":0"));
        return parts.toString();
    }
}
