package io.evex.api;

/** The kinds of setting, matching CVEDIA-RT's widgets and the descriptor file's {@code "type"}. */
public enum SettingType {
    /** A whole number, optionally within {@code min..max}. */
    INT("int"),
    /** A decimal number, optionally within {@code min..max}. */
    FLOAT("float"),
    /** Free text. */
    TEXT("text"),
    /** True or false. */
    CHECKBOX("checkbox"),
    /** One of a fixed list of options. */
    COMBOBOX("combobox"),
    /** A time span with its unit ({@code 500ms}, {@code 30s}, {@code 7d}); {@code min..max} in milliseconds. */
    DURATION("duration");

    private final String jsonName;

    SettingType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in descriptor files. */
    public String jsonName() {
        return jsonName;
    }

    /** The type for a descriptor's {@code "type"} value, or {@code null} if there is none. */
    public static SettingType fromJsonName(String name) {
        for (SettingType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
