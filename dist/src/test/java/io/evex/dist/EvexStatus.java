package io.evex.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;

/** A running {@code ./evex run}'s {@code /api/status}, and its exporters and channels by name. */
final class EvexStatus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;
    private final String token;

    EvexStatus(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode all() {
        try {
            return JSON.readTree(EvexProcess.call(HTTP, base, token, "GET", "/api/status", null)
                    .body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode exporter(String name) {
        return named(all().path("exporters"), name);
    }

    JsonNode details(String name) {
        return exporter(name).path("details");
    }

    JsonNode channel(String name) {
        return named(all().path("channels"), name);
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        return JSON.createObjectNode();
    }

    /** Runs a program to its end; its exit code. */
    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
