package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.process.ChildEnvironment;

/**
 * The variables a configuration file names as holding secrets: the value of every {@code *_env}
 * setting ({@code password_env: MQTT_PASSWORD}) and every value of {@code headers_env}. Child
 * programs start without them ({@link ChildEnvironment}).
 */
final class SecretNames {

    private SecretNames() {}

    static void note(JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("_env") && e.getValue().isTextual()) {
                    ChildEnvironment.secret(e.getValue().asText());
                } else if (e.getKey().equals("headers_env")) {
                    e.getValue().forEach(v -> ChildEnvironment.secret(v.asText()));
                } else {
                    note(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(SecretNames::note);
        }
    }
}
