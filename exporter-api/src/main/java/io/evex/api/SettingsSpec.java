package io.evex.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings an exporter kind declares; turns raw configuration values into {@link Settings}. */
public final class SettingsSpec {

    private final Map<String, Setting> byKey = new LinkedHashMap<>();
    private final List<Former> formers;

    private SettingsSpec(List<Setting> settings) {
        this(settings, List.of());
    }

    private SettingsSpec(List<Setting> settings, List<Former> formers) {
        this.formers = List.copyOf(formers);
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

    /** Settings declared in several lists (an exporter's own and a shared block such as TLS). */
    @SafeVarargs
    public static SettingsSpec of(List<Setting>... lists) {
        List<Setting> all = new ArrayList<>();
        for (List<Setting> list : lists) {
            all.addAll(list);
        }
        return new SettingsSpec(all);
    }

    /** The same settings, also accepted under these former names (with a warning). */
    public SettingsSpec formerly(Former... former) {
        List<Former> all = new ArrayList<>(formers);
        all.addAll(List.of(former));
        return new SettingsSpec(new ArrayList<>(byKey.values()), all);
    }

    /** How settings were written before; {@code evex validate --fix} rewrites files with them. */
    public List<Former> formers() {
        return formers;
    }

    /**
     * What the formers make of raw settings: the renames, in the order of the formers.
     *
     * @throws IllegalArgumentException when a former value cannot be converted
     */
    public List<Renamed> renames(Map<String, ?> raw) {
        List<Renamed> found = new ArrayList<>();
        for (Former f : formers) {
            f.apply(raw).ifPresent(found::add);
        }
        return found;
    }

    /** Names that hold a secret whether or not their kind marked them so (the last part of a key). */
    private static final java.util.regex.Pattern SECRET_NAME =
            java.util.regex.Pattern.compile("(?i)(.*[._])?(password|passwd|secret|token|users|api_key|credentials)");

    /** Whether {@code key}'s value is a secret: declared {@link Setting#asSecret()}, or named like one. */
    public boolean secret(String key) {
        Setting s = byKey.get(key);
        return (s != null && s.secret()) || SECRET_NAME.matcher(key).matches();
    }

    /**
     * A copy of raw settings (as configuration writes them, nested blocks included) with every
     * secret value that is set shown as {@link Setting#MASK}.
     */
    public Map<String, Object> masked(Map<String, ?> raw) {
        return masked(raw, "");
    }

    private Map<String, Object> masked(Map<String, ?> raw, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v instanceof Map<?, ?> block) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) block;
                out.put(k, masked(inner, prefix + k + "."));
            } else {
                boolean set = v != null && !String.valueOf(v).isEmpty();
                out.put(k, set && secret(prefix + k) ? Setting.MASK : v);
            }
        });
        return out;
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
    public Settings resolve(Map<String, ?> given) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Map<String, String> bySetting = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Renamed> renamed = new ArrayList<>();
        Map<String, Object> raw = current(given, renamed, problems, bySetting);
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
                String why =
                        secret(s.key()) ? e.getMessage().replace(String.valueOf(value), Setting.MASK) : e.getMessage();
                problems.add("setting '" + s.key() + "': " + why);
                bySetting.put(s.key(), why);
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems, bySetting);
        }
        return new Settings(values, renamed);
    }

    /**
     * The raw settings under their current keys: formers applied, blocks ({@code tls: {...}})
     * flattened to dotted keys ({@code tls.enabled}). A value given under both names is a problem.
     */
    private Map<String, Object> current(
            Map<String, ?> given, List<Renamed> renamed, List<String> problems, Map<String, String> bySetting) {
        Map<String, Object> raw = new LinkedHashMap<>(given);
        List<Renamed> found;
        try {
            found = renames(raw);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return raw;
        }
        for (Renamed r : found) {
            r.formerKeys().forEach(raw::remove);
            if (raw.containsKey(r.key()) && !(raw.get(r.key()) instanceof Map)) {
                String why =
                        "given as '" + r.key() + "' and as its former " + r.formerKeys() + ": keep '" + r.key() + "'";
                problems.add("setting '" + r.key() + "': " + why);
                bySetting.put(r.key(), why);
                continue;
            }
            raw.merge(r.key(), r.value(), SettingsSpec::mergeBlocks);
            renamed.add(r);
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        raw.forEach((key, value) -> flatten(key, value, flat));
        return flat;
    }

    private static Object mergeBlocks(Object given, Object former) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (former instanceof Map<?, ?> f) {
            f.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        if (given instanceof Map<?, ?> g) {
            g.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        return merged;
    }

    private void flatten(String key, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> block && !byKey.containsKey(key)) {
            block.forEach((k, v) -> flatten(key + "." + k, v, into));
        } else {
            into.put(key, value);
        }
    }
}
