package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.http.ServerTls;
import io.evex.schemas.ProblemException;
import java.nio.file.Path;

/** The {@code http} block (its shape checked by the schema): port, auth, the admin token, HTTPS. */
final class HttpSection {

    private HttpSection() {}

    static HttpSettings read(JsonNode h, Section at) throws ProblemException {
        if (!h.isObject()) {
            return HttpSettings.DEFAULT;
        }
        return new HttpSettings(
                h.path("enabled").asBoolean(true),
                h.path("bind").asText(HttpSettings.DEFAULT.bind()),
                h.path("port").asInt(HttpSettings.DEFAULT.port()),
                h.hasNonNull("admin_token") ? h.get("admin_token").asText() : null,
                HttpSettings.DEFAULT.stateDir(),
                !h.has("port"),
                h.path("auth").asText("token").equals("none"),
                tls(h, at));
    }

    private static ServerTls tls(JsonNode h, Section at) throws ProblemException {
        JsonNode t = h.path("tls");
        if (!t.path("enabled").asBoolean(false)) {
            if (h.has("plain_port")) {
                throw at.problem(
                        h.get("plain_port"),
                        "/http/plain_port",
                        "plain_port is a port beside HTTPS: set http.tls.enabled too");
            }
            return ServerTls.OFF;
        }
        try {
            return new ServerTls(
                    true,
                    file(t, "cert_file", at),
                    file(t, "key_file", at),
                    h.path("plain_port").asInt(-1));
        } catch (IllegalArgumentException e) {
            throw at.problem(t, "/http/tls", e.getMessage());
        }
    }

    private static Path file(JsonNode t, String key, Section at) {
        String v = t.path(key).asText("");
        return v.isEmpty() ? null : at.base().resolve(v).normalize();
    }
}
