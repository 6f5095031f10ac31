package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A channel's {@code url}, or its {@code inputs} with roles, as Frigate has them: one input to
 * {@code detect} on (a camera's low-resolution sub-stream) and one to {@code record} and watch
 * {@code live} (the main stream); one input may have every role.
 */
final class InputsReader {

    /** The input recorded and watched, and the one analysed (null: the same). */
    record Inputs(String main, String detect) {}

    private static final Set<String> ROLES = Set.of("detect", "record", "live");

    private InputsReader() {}

    static Inputs read(JsonNode channel, Path base) {
        JsonNode inputs = channel.path("inputs");
        if (inputs.isMissingNode()) {
            return new Inputs(resolve(channel.path("url").asText(), base), null);
        }
        if (channel.has("url")) {
            throw new IllegalArgumentException("a channel has a url or inputs, not both");
        }
        if (inputs.size() < 1 || inputs.size() > 2) {
            throw new IllegalArgumentException(
                    "inputs: one input, or two (one to detect on, one to record and watch live), not " + inputs.size());
        }
        String detect = null;
        String main = null;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            String url = resolve(in.path("url").asText(""), base);
            if (url.isBlank()) {
                throw new IllegalArgumentException("inputs/" + i + ": a url is needed");
            }
            Set<String> roles = new HashSet<>();
            in.path("roles").forEach(r -> roles.add(r.asText()));
            for (String r : roles) {
                if (!ROLES.contains(r)) {
                    throw new IllegalArgumentException(
                            "inputs/" + i + ": role '" + r + "' is not detect, record or live");
                }
                if (!seen.add(r)) {
                    throw new IllegalArgumentException("inputs/" + i + ": the role " + r + " is on two inputs");
                }
            }
            if (roles.contains("detect")) {
                detect = url;
            }
            if (roles.contains("record") || roles.contains("live")) {
                main = url;
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("inputs/" + i + ": roles are needed (detect, record, live)");
            }
        }
        if (detect == null) {
            throw new IllegalArgumentException("inputs: one input has the role detect");
        }
        if (inputs.size() == 2 && main == null) {
            throw new IllegalArgumentException(
                    "inputs: the other input records or is watched live (roles: [record, live])");
        }
        if (countWith(inputs, "record", "live") > 1) {
            throw new IllegalArgumentException("inputs: record and live are on one input");
        }
        return new Inputs(main == null ? detect : main, main == null ? null : detect);
    }

    private static int countWith(JsonNode inputs, String... roles) {
        int n = 0;
        for (JsonNode in : inputs) {
            for (JsonNode r : in.path("roles")) {
                if (List.of(roles).contains(r.asText())) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private static String resolve(String url, Path base) {
        return SourceUrl.isFilePath(url) ? base.resolve(url).normalize().toString() : url;
    }
}
