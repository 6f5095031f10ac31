package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ClipSettings;
import io.evex.runtime.vocabulary.DurationKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A channel's {@code recordings:} and {@code clips:} blocks (their shape checked by the schema).
 * The retention it sets is handed to the recorder as its own setting keys, so that one parser (the
 * recorder's) reads both.
 */
final class ClipsReader {

    private ClipsReader() {}

    /** {@code recordings.retain} as recorder settings: {@code retain.continuous → 3d}. */
    static Map<String, String> retention(JsonNode channel) {
        Map<String, String> out = new LinkedHashMap<>();
        channel.path("recordings")
                .path("retain")
                .fields()
                .forEachRemaining(f -> out.put("retain." + f.getKey(), String.join(",", types(f.getValue()))));
        return out;
    }

    /** The {@code clips} block, or {@link ClipSettings#NONE}. */
    static ClipSettings clips(JsonNode channel, Path base) {
        JsonNode c = channel.path("clips");
        if (!c.isObject()) {
            return ClipSettings.NONE;
        }
        ClipSettings d = ClipSettings.NONE;
        return new ClipSettings(
                types(c.path("event_types")),
                duration(c, "pre", d.pre()),
                duration(c, "post", d.post()),
                duration(c, "max_length", d.maxLength()),
                c.path("snapshot").asBoolean(d.snapshot()),
                duration(c, "retain", d.retain()),
                base.resolve(c.path("folder").asText(d.folder())).normalize().toString());
    }

    private static Duration duration(JsonNode c, String key, Duration d) {
        return Duration.ofMillis(DurationKeys.millis(c, key, d.toMillis()));
    }

    /** A list of types, or one text with commas. */
    private static Set<String> types(JsonNode v) {
        Set<String> out = new LinkedHashSet<>();
        if (v.isArray()) {
            v.forEach(t -> out.add(t.asText().trim()));
        } else {
            for (String t : v.asText().split(",")) {
                out.add(t.trim());
            }
        }
        out.remove("");
        return out;
    }
}
