package io.evex.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings an exporter kind declares; turns raw configuration values into {@link Settings}. */
public final class SettingsSpec {

    private final Map<String, Setting> byKey = new LinkedHashMap<>();

    private SettingsSpec(List<Setting> settings) {
        for (Setting s : settings) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting '" + s.key() + "' is declared twice");
            }
        }
    }

    public static SettingsSpec of(Setting... settings) {
        return new SettingsSpec(List.of(settings));
    }

    public static SettingsSpec of(List<Setting> settings) {
        return new SettingsSpec(settings);
    }

    /** The declared settings in declaration order. */
    public Collection<Setting> settings() {
        return byKey.values();
    }

    /**
     * Checks and converts raw values (strings from the command line, or JSON/YAML scalars) and
     * applies defaults.
     *
     * @throws SettingsException listing every problem, each naming the setting and the reason
     */
    public Settings resolve(Map<String, ?> raw) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Map<String, String> bySetting = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            if (!byKey.containsKey(key)) {
                String why = "unknown setting (known: " + String.join(", ", byKey.keySet()) + ")";
                problems.add("unknown setting '" + key + "' (known: " + String.join(", ", byKey.keySet()) + ")");
                bySetting.put(key, why);
            }
        }
        for (Setting s : byKey.values()) {
            Object value = raw.containsKey(s.key()) ? raw.get(s.key()) : s.defaultValue();
            if (value == null) {
                problems.add("setting '" + s.key() + "' is required");
                bySetting.put(s.key(), "required");
                continue;
            }
            try {
                values.put(s.key(), SettingValues.coerce(s, value));
            } catch (IllegalArgumentException e) {
                problems.add("setting '" + s.key() + "': " + e.getMessage());
                bySetting.put(s.key(), e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems, bySetting);
        }
        return new Settings(values);
    }
}
