package io.evex.runtime.vocabulary;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;

/**
 * Reads a duration key of a checked document ({@code timeout: 5s}). The schema has checked the
 * form; readers of older maps (plugins built against 0.2) may still pass the former number of
 * milliseconds under {@code formerMillisKey}.
 */
public final class DurationKeys {

    private DurationKeys() {}

    /** Milliseconds of {@code key}, else of the former {@code formerMillisKey}, else {@code defaultMs}. */
    public static long millis(JsonNode node, String key, String formerMillisKey, long defaultMs) {
        JsonNode v = node.path(key);
        if (v.isTextual()) {
            try {
                return Durations.parse(v.asText()).toMillis();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
        if (!v.isMissingNode() && !v.isNull()) {
            throw new IllegalArgumentException(
                    key + ": '" + v + "' has no unit: write it as " + v + "ms or " + v + "s");
        }
        return formerMillisKey == null ? defaultMs : node.path(formerMillisKey).asLong(defaultMs);
    }

    /** Milliseconds of {@code key}, else {@code defaultMs}. */
    public static long millis(JsonNode node, String key, long defaultMs) {
        return millis(node, key, null, defaultMs);
    }

    /** Seconds (with decimals) of {@code key}, else {@code defaultSeconds}. */
    public static double seconds(JsonNode node, String key, double defaultSeconds) {
        return millis(node, key, null, Math.round(defaultSeconds * 1000)) / 1000.0;
    }
}
