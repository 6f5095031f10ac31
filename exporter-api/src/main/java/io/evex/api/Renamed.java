package io.evex.api;

import java.util.List;

/**
 * A setting written under former names, and how it is written now: {@code linger_ms: 5} becomes
 * {@code linger: 5ms}; {@code host} and {@code port} become one {@code servers} entry.
 *
 * @param formerKeys the keys found, replaced by {@code key}
 * @param key the current key
 * @param value its value: text, a number, a boolean, a list or a map (a block such as {@code tls})
 */
public record Renamed(List<String> formerKeys, String key, Object value) {

    public Renamed {
        formerKeys = List.copyOf(formerKeys);
    }

    /** What a user reads: which keys are deprecated and what to write instead. */
    public String advice() {
        String former = formerKeys.size() == 1
                ? "'" + formerKeys.get(0) + "' is deprecated"
                : "'" + String.join("' and '", formerKeys) + "' are deprecated";
        return former + ": write " + key + ": " + Former.inline(value);
    }
}
