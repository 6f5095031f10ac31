package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;
import io.evex.api.Sizes;
import io.evex.runtime.http.HttpLimits;
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
                tls(h, at),
                limits(h.path("limits"), at),
                origins(h.path("allowed_origins")));
    }

    private static java.util.List<String> origins(JsonNode list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        list.forEach(o -> out.add(o.asText()));
        return out;
    }

    private static HttpLimits limits(JsonNode l, Section at) throws ProblemException {
        HttpLimits d = HttpLimits.DEFAULT;
        if (!l.isObject()) {
            return d;
        }
        try {
            return new HttpLimits(
                    l.path("failed_logins").asInt(d.failedLogins()),
                    l.has("failed_login_window")
                            ? Durations.parse(l.get("failed_login_window").asText())
                            : d.failedLoginWindow(),
                    l.path("streams_per_token").asInt(d.streamsPerToken()),
                    l.path("streams").asInt(d.streams()),
                    l.path("preview_forms").asInt(d.previewForms()),
                    l.has("metadata_per_channel")
                            ? Sizes.parse(l.get("metadata_per_channel").asText())
                            : d.metadataBytesPerChannel());
        } catch (IllegalArgumentException e) {
            throw at.problem(l, "/http/limits", e.getMessage());
        }
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
