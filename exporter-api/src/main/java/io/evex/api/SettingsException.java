package io.evex.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings that do not match their declaration; {@link #problems()} has one line per problem, and
 * {@link #bySetting()} the same problems by the setting they are about (for a form to show each next
 * to its field).
 */
public class SettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final Map<String, String> bySetting;

    public SettingsException(List<String> problems) {
        this(problems, Map.of());
    }

    /**
     * @param bySetting per setting key, its problem (the ones of {@code problems} that are about one setting)
     * @since 0.6
     */
    public SettingsException(List<String> problems, Map<String, String> bySetting) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.bySetting = Map.copyOf(new LinkedHashMap<>(bySetting));
    }

    public List<String> problems() {
        return problems;
    }

    /**
     * The problems that are about one setting, by its key.
     *
     * @since 0.6
     */
    public Map<String, String> bySetting() {
        return bySetting;
    }
}
