package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.delivery.Backoff;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.process.FilterSettings;
import io.evex.runtime.vocabulary.DurationKeys;
import io.evex.schemas.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the {@code preprocess} filters of a configuration, and CVEDIA-RT's {@code Output.preprocess_cmd}. */
final class FiltersReader {

    private static final Logger LOG = LoggerFactory.getLogger(FiltersReader.class);

    private FiltersReader() {}

    static List<FilterSettings> read(JsonNode root, Section at) throws ProblemException {
        JsonNode list = root.path("preprocess");
        List<FilterSettings> filters = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            List<String> command = new ArrayList<>();
            Backoff restart;
            try {
                if (f.get("command").isArray()) {
                    f.get("command").forEach(a -> command.add(a.asText()));
                } else {
                    command.addAll(FilterSettings.splitCommand(f.get("command").asText()));
                }
            } catch (IllegalArgumentException e) {
                throw at.problem(f, "/preprocess/" + i + "/command", e.getMessage());
            }
            try {
                restart = RetrySettings.readBackoff(f.path("restart"), FilterSettings.DEFAULT_RESTART);
            } catch (IllegalArgumentException e) {
                throw at.problem(f, "/preprocess/" + i + "/restart", e.getMessage());
            }
            List<String> covered = new ArrayList<>();
            f.path("channels").forEach(c -> covered.add(c.asText()));
            filters.add(new FilterSettings(
                    command,
                    at.base().resolve(f.path("directory").asText(".")).normalize(),
                    covered,
                    !"drop".equals(f.path("on_error").asText("pass")),
                    DurationKeys.millis(f, "timeout", FilterSettings.DEFAULT_TIMEOUT_MS),
                    restart));
        }
        cvediaOutput(root, at).ifPresent(filters::add);
        return filters;
    }

    /**
     * CVEDIA-RT's {@code "Output": {"preprocess_cmd": "..."}}, an alias of a {@code preprocess} entry
     * for this file's channels (all channels when the file names none), run in the file's folder.
     */
    private static Optional<FilterSettings> cvediaOutput(JsonNode root, Section at) throws ProblemException {
        JsonNode output = root.path("Output");
        output.fieldNames().forEachRemaining(key -> {
            if (!key.equals("preprocess_cmd")) {
                LOG.warn("{}: Output.{} is a CVEDIA-RT setting Evex does not use; ignored", at.source(), key);
            }
        });
        if (!output.has("preprocess_cmd")) {
            return Optional.empty();
        }
        List<String> command;
        try {
            command = FilterSettings.splitCommand(output.get("preprocess_cmd").asText());
        } catch (IllegalArgumentException e) {
            throw at.problem(output, "/Output/preprocess_cmd", e.getMessage());
        }
        List<String> channels = new ArrayList<>();
        root.path("channels").forEach(c -> channels.add(c.path("name").asText()));
        return Optional.of(new FilterSettings(command, at.base(), channels, true));
    }
}
