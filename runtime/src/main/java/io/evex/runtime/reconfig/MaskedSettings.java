package io.evex.runtime.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import java.util.Iterator;
import java.util.Map;

/**
 * Exporter entries as the API shows them — every secret setting ({@link SettingsSpec#secret}) that
 * is set reads {@value Setting#MASK} — and back: an entry sent with the mask where a secret was
 * keeps the secret it had, so that a client may read an entry, change one thing and send it back.
 */
final class MaskedSettings {

    private MaskedSettings() {}

    /** A copy of {@code entry} with its secrets masked; {@code spec} is its kind's (null: names alone). */
    static ObjectNode masked(ObjectNode entry, SettingsSpec spec) {
        ObjectNode copy = entry.deepCopy();
        if (copy.get("settings") instanceof ObjectNode settings) {
            mask(settings, "", spec == null ? SettingsSpec.of(new Setting[0]) : spec);
        }
        return copy;
    }

    /** {@code entry} with each masked secret put back from {@code before} (the entry it replaces). */
    static void unmask(ObjectNode entry, ObjectNode before) {
        if (before != null && entry.get("settings") instanceof ObjectNode settings) {
            restore(settings, before.path("settings"));
        }
    }

    private static void mask(ObjectNode settings, String prefix, SettingsSpec spec) {
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() instanceof ObjectNode block) {
                mask(block, prefix + e.getKey() + ".", spec);
            } else if (!e.getValue().asText("").isEmpty() && spec.secret(prefix + e.getKey())) {
                e.setValue(settings.textNode(Setting.MASK));
            }
        }
    }

    private static void restore(ObjectNode settings, JsonNode before) {
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = before.path(e.getKey());
            if (e.getValue() instanceof ObjectNode block) {
                restore(block, old);
            } else if (Setting.MASK.equals(e.getValue().asText(null)) && !old.isMissingNode()) {
                e.setValue(old.deepCopy());
            }
        }
    }
}
