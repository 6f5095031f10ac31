package io.evex.api;

import java.util.List;

/**
 * The declaration of one setting. Build with the static factories, then refine with the
 * {@code with...} methods: {@code Setting.integer("quality", "JPEG quality", 90).withRange(1, 100)}.
 *
 * @param key the name used in configuration
 * @param type the kind of value
 * @param label a short human label
 * @param defaultValue the value used when none is given; {@code null} makes the setting required
 * @param min the lowest allowed number (INT and FLOAT; milliseconds for DURATION), or {@code null}
 * @param max the highest allowed number (INT and FLOAT; milliseconds for DURATION), or {@code null}
 * @param options the allowed values (COMBOBOX)
 * @param help a longer explanation, may be empty
 * @param secret whether the value is a secret (a password, a token, users with passwords): shown as
 *     {@value #MASK} by the runtime's API, status and logs, and kept when a client sends the mask back
 */
public record Setting(
        String key,
        SettingType type,
        String label,
        Object defaultValue,
        Double min,
        Double max,
        List<String> options,
        String help,
        boolean secret) {

    /** What a secret setting's value is shown as. */
    public static final String MASK = "***";

    public Setting {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a setting needs a key");
        }
        options = options == null ? List.of() : List.copyOf(options);
        help = help == null ? "" : help;
    }

    /** A setting that is not secret (the form before {@code secret} existed). */
    public Setting(
            String key,
            SettingType type,
            String label,
            Object defaultValue,
            Double min,
            Double max,
            List<String> options,
            String help) {
        this(key, type, label, defaultValue, min, max, options, help, false);
    }

    public static Setting text(String key, String label, String defaultValue) {
        return new Setting(key, SettingType.TEXT, label, defaultValue, null, null, null, null);
    }

    public static Setting integer(String key, String label, long defaultValue) {
        return new Setting(key, SettingType.INT, label, defaultValue, null, null, null, null);
    }

    public static Setting decimal(String key, String label, double defaultValue) {
        return new Setting(key, SettingType.FLOAT, label, defaultValue, null, null, null, null);
    }

    /** A duration, {@code defaultValue} written as a user would ({@code "5s"}). */
    public static Setting duration(String key, String label, String defaultValue) {
        return new Setting(key, SettingType.DURATION, label, defaultValue, null, null, null, null);
    }

    public static Setting checkbox(String key, String label, boolean defaultValue) {
        return new Setting(key, SettingType.CHECKBOX, label, defaultValue, null, null, null, null);
    }

    public static Setting combobox(String key, String label, String defaultValue, List<String> options) {
        return new Setting(key, SettingType.COMBOBOX, label, defaultValue, null, null, options, null);
    }

    /** The same setting with an allowed range. */
    public Setting withRange(double min, double max) {
        return new Setting(key, type, label, defaultValue, min, max, options, help, secret);
    }

    /** The same setting with a longer explanation. */
    public Setting withHelp(String help) {
        return new Setting(key, type, label, defaultValue, min, max, options, help, secret);
    }

    /** The same setting without a default: configuration must give a value. */
    public Setting required() {
        return new Setting(key, type, label, null, min, max, options, help, secret);
    }

    /** The same setting, marked secret: masked wherever the runtime shows settings. */
    public Setting asSecret() {
        return new Setting(key, type, label, defaultValue, min, max, options, help, true);
    }
}
