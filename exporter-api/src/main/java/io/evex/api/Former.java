package io.evex.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A former way of writing a setting, still accepted: it finds its keys in raw settings and says how
 * they are written now ({@link Renamed}). Configuration files, {@code --export} options and the API
 * all pass through the same formers; {@code evex validate --fix} applies them to a file.
 */
@FunctionalInterface
public interface Former {

    /** The rename for these raw settings, or empty when none of this former's keys is there. */
    Optional<Renamed> apply(Map<String, ?> raw);

    /** The same value under a new key. */
    static Former renamed(String former, String key) {
        return converted(former, key, v -> v);
    }

    /** A number of milliseconds, now a duration ({@code 500} becomes {@code 500ms}). */
    static Former millis(String former, String key) {
        return converted(former, key, v -> Durations.ofMillis(number(former, v)));
    }

    /** A number of seconds, now a duration ({@code 30} becomes {@code 30s}). */
    static Former seconds(String former, String key) {
        return converted(former, key, v -> Durations.ofSeconds(number(former, v)));
    }

    /** One key's value converted for its new key. */
    static Former converted(String former, String key, Function<Object, Object> convert) {
        return raw -> raw.containsKey(former)
                ? Optional.of(new Renamed(List.of(former), key, convert.apply(raw.get(former))))
                : Optional.empty();
    }

    /**
     * Flat TLS keys, now one {@code tls} block ({@link io.evex.api.tls.TlsSettings}): {@code former} maps each old key
     * to its key inside the block ({@code "ssl_ca_file" -> "ca_file"}). A {@code tls} that is not
     * already a block (MQTT's and NATS's former on/off switch) becomes {@code tls.enabled}.
     *
     * @param oldAndNew pairs: a former key, then its key inside the block
     */
    static Former tlsBlock(String... oldAndNew) {
        Map<String, String> former = new LinkedHashMap<>();
        for (int i = 0; i + 1 < oldAndNew.length; i += 2) {
            former.put(oldAndNew[i], oldAndNew[i + 1]);
        }
        return raw -> {
            Map<String, Object> block = new LinkedHashMap<>();
            List<String> found = new ArrayList<>();
            if (raw.containsKey("tls") && !(raw.get("tls") instanceof Map)) {
                block.put("enabled", raw.get("tls"));
                found.add("tls");
            }
            former.forEach((old, now) -> {
                if (raw.containsKey(old)) {
                    block.put(now, raw.get(old));
                    found.add(old);
                }
            });
            return found.isEmpty() ? Optional.empty() : Optional.of(new Renamed(found, "tls", block));
        };
    }

    private static Number number(String key, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' (deprecated) must be a number, got '" + v + "'");
        }
    }

    /** A value as one would write it after a key in YAML: {@code 5ms}, {@code [a:1, b:2]}, {@code {enabled: true}}. */
    static String inline(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + ": " + inline(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(inline(v)));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(value);
    }
}
