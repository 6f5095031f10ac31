package io.evex.runtime.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Subscriptions;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.exporter.ExporterSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --export NAME[:key=value,...]}, which enables an exporter without a config file.
 *
 * <p>A part without {@code =} continues the previous value, so lists need no quoting:
 * {@code csv:columns=/channel,/frame_id,path=out.csv}. Reserved keys: {@code events}
 * ({@code track:1+event-motion:1}), {@code queue.size}, {@code queue.overflow}, {@code channels} and
 * {@code name}; {@code pipeline=} (GStreamer) takes the rest of the option, commas and all.
 */
public final class ExportOption {

    /** The key whose value is the rest of the option, commas and all (it must come last). */
    static final String REST_KEY = "pipeline";

    private ExportOption() {}

    /**
     * @param taken instance names already used; the result gets a new one ({@code json}, {@code json-2}, ...)
     * @throws IllegalArgumentException naming the option and the problem
     */
    public static ExporterSettings parse(String option, List<String> taken) {
        // Messages quote the option, but never a secret in it.
        String where = "--export " + option.replaceAll("(?i)((?:password|secret|token|users)[a-z_]*=)[^,]*", "$1***");
        int colon = option.indexOf(':');
        String type = (colon < 0 ? option : option.substring(0, colon)).trim();
        if (type.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": the exporter kind is missing (e.g. --export json:path=out.jsonl)");
        }
        Map<String, String> values = colon >= 0 && colon < option.length() - 1
                ? values(option.substring(colon + 1), where)
                : new LinkedHashMap<>();
        String name = values.containsKey("name") ? values.remove("name") : unique(type, taken);
        Subscriptions events = null;
        if (values.containsKey("events")) {
            try {
                events = Subscriptions.of(values.remove("events").split("\\+"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": events: " + e.getMessage());
            }
        }
        try {
            ObjectNode q = JsonNodeFactory.instance.objectNode();
            for (String key : QueueSettings.KEYS) {
                String value = values.remove("queue." + key);
                if (value != null) {
                    q.put(key, value.trim());
                }
            }
            QueueSettings.Overrides queue = q.isEmpty() ? null : QueueSettings.Overrides.read(q);
            String channels = values.remove("channels");
            List<String> scope = channels == null ? List.of() : List.of(channels.split(","));
            return new ExporterSettings(
                    name, type, true, events, new LinkedHashMap<>(values), queue, null, scope, where, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** The {@code key=value,...} part; a value may hold commas when no {@code =} follows them. */
    private static Map<String, String> values(String body, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        // A GStreamer pipeline is full of commas and '=': it takes the rest of the option.
        int rest = body.startsWith(REST_KEY + "=") ? 0 : body.indexOf("," + REST_KEY + "=") + 1;
        if (rest >= 0 && body.startsWith(REST_KEY + "=", rest)) {
            values.put(REST_KEY, body.substring(rest + REST_KEY.length() + 1));
            body = rest == 0 ? "" : body.substring(0, rest - 1);
        }
        String lastKey = null;
        for (String part : body.isEmpty() ? new String[0] : body.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                lastKey = part.substring(0, eq).trim();
                values.put(lastKey, part.substring(eq + 1));
            } else if (lastKey != null) {
                values.put(lastKey, values.get(lastKey) + "," + part);
            } else {
                throw new IllegalArgumentException(where + ": '" + part + "' is not key=value");
            }
        }
        return values;
    }

    private static String unique(String type, List<String> taken) {
        if (!taken.contains(type)) {
            return type;
        }
        for (int i = 2; ; i++) {
            if (!taken.contains(type + "-" + i)) {
                return type + "-" + i;
            }
        }
    }

    /** Parses several options, giving each a unique name. */
    public static List<ExporterSettings> parseAll(List<String> options, List<String> takenNames) {
        List<String> taken = new ArrayList<>(takenNames);
        List<ExporterSettings> result = new ArrayList<>();
        for (String option : options) {
            ExporterSettings c = parse(option, taken);
            if (taken.contains(c.name())) {
                throw new IllegalArgumentException(c.origin() + ": exporter name '" + c.name() + "' is already used");
            }
            taken.add(c.name());
            result.add(c);
        }
        return result;
    }
}
