package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (issue 25 point 2), on a real {@code ./evex run}: the recordings live on a tmpfs of
 * 256 KB the test mounts (as root; skipped with the reason elsewhere) and fills. The recorder says
 * so once, counts what it could not write and resumes when room is made, while the JSON exporter on
 * another disk delivers every event.
 */
class RecordingDiskFullIT {

    private static final String ADMIN = "disk-full-test-admin-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aFullDiskPausesTheRecorderAndNothingElse() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()) == 0,
                "this machine does not let the test mount a tmpfs");
        Process evex = null;
        try {
            Path filler = small.resolve("filler");
            Files.write(filler, new byte[250 * 1024]);
            Files.writeString(dir.resolve("evex.yaml"), """
                    http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                    channels:
                      - {name: lobby, url: sample, loop: true}
                    exporters:
                      - type: mp4
                        settings: {path: "small/{sys.count}.mp4", segment: 1s, min_free: "", sweep_interval: 200ms}
                      - type: json
                        settings: {path: events.jsonl}
                    """);
            evex = EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), "run", "--config", "evex.yaml");
            URI base = EvexProcess.httpBase(dir, evex);
            Waits.until(
                    "the recorder to find the disk full",
                    Duration.ofSeconds(30),
                    () -> details(base, "mp4").path("disk_full").asBoolean());
            Waits.until(
                    "packets counted as unwritten",
                    Duration.ofSeconds(10),
                    () -> details(base, "mp4").path("unwritten_packets").asLong() > 10);
            long files = details(base, "mp4").path("files").asLong();
            long delivered = exporter(base, "json").path("delivered").asLong();
            Waits.until(
                    "events to go on being delivered",
                    Duration.ofSeconds(20),
                    () -> exporter(base, "json").path("delivered").asLong() > delivered);

            Files.delete(filler); // room again
            Waits.until(
                    "recording to resume",
                    Duration.ofSeconds(30),
                    () -> details(base, "mp4").path("files").asLong() > files + 1
                            && !details(base, "mp4").path("disk_full").asBoolean());
            JsonNode json = exporter(base, "json");
            assertEquals(0, json.path("failed").asLong() + json.path("dropped").asLong(), "no event lost: " + json);
        } finally {
            if (evex != null) {
                evex.destroy();
                evex.waitFor(30, TimeUnit.SECONDS);
            }
            run("umount", "-l", small.toString());
        }
        String log = Files.readString(dir.resolve("evex.out")) + Files.readString(dir.resolve("evex.err"));
        assertEquals(1, log.split("is full: recording pauses", -1).length - 1, "said once:\n" + log);
        assertTrue(log.contains("recording again"), log);
    }

    private JsonNode exporter(URI base, String name) {
        try {
            JsonNode status = JSON.readTree(EvexProcess.call(http, base, ADMIN, "GET", "/api/status", null)
                    .body());
            for (JsonNode e : status.path("exporters")) {
                if (e.path("name").asText().equals(name)) {
                    return e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return JSON.createObjectNode();
    }

    private JsonNode details(URI base, String name) {
        return exporter(base, name).path("details");
    }
}
