package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.api.StatusReport;
import io.evex.runtime.state.StateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The live status of a running {@code evex run}, rewritten atomically every second to
 * {@code .evex/status.json} in its working directory, so that {@code evex exporters} (another
 * process) can show it. {@code /api/status} serves the same document ({@link StatusReport}).
 */
final class StatusFile {

    static final Path PATH = Path.of(".evex", "status.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusFile() {}

    static void write(Evex evex) {
        try {
            StateFiles.write(
                    PATH,
                    MAPPER.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(StatusReport.snapshot(
                                    evex,
                                    evex.http() == null ? null : evex.http().baseUri())));
        } catch (IOException e) {
            // status is a convenience; the run goes on
        }
    }

    /** The status of a run in this directory updated within the last 5 s, or null. */
    static JsonNode readFresh() {
        try {
            JsonNode status = MAPPER.readTree(PATH.toFile());
            long age = System.currentTimeMillis() - status.path("updated_ms").asLong();
            return age < 5_000 ? status : null;
        } catch (IOException e) {
            return null;
        }
    }
}
