package io.evex.api;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Validated setting values with their declared types: Long, Double, Boolean or String (durations
 * as their canonical text, read with {@link #getDuration}); and what was written under former names.
 */
public final class Settings {

    private final Map<String, Object> values;
    private final List<Renamed> renamed;

    Settings(Map<String, Object> values, List<Renamed> renamed) {
        this.values = Collections.unmodifiableMap(values);
        this.renamed = List.copyOf(renamed);
    }

    /** Settings that were written under former names (deprecated), for a warning. */
    public List<Renamed> renamed() {
        return renamed;
    }

    public Duration getDuration(String key) {
        return Durations.parse(getString(key));
    }

    /** Every value, by key. */
    public Map<String, Object> asMap() {
        return values;
    }

    public String getString(String key) {
        return String.valueOf(require(key));
    }

    public long getLong(String key) {
        return ((Number) require(key)).longValue();
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no setting '" + key + "' (known: " + values.keySet() + ")");
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
