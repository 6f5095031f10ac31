package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.testing.Waits;
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

    @TempDir
    Path dir;

    @Test
    void aFullDiskPausesTheRecorderAndNothingElse() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        assumeTrue(
                EvexStatus.run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()) == 0,
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
            EvexStatus base = new EvexStatus(EvexProcess.httpBase(dir, evex), ADMIN);
            Waits.until(
                    "the recorder to find the disk full",
                    Duration.ofSeconds(30),
                    () -> base.details("mp4").path("disk_full").asBoolean());
            Waits.until(
                    "packets counted as unwritten",
                    Duration.ofSeconds(10),
                    () -> base.details("mp4").path("unwritten_packets").asLong() > 10);
            long files = base.details("mp4").path("files").asLong();
            long delivered = base.exporter("json").path("delivered").asLong();
            Waits.until(
                    "events to go on being delivered",
                    Duration.ofSeconds(20),
                    () -> base.exporter("json").path("delivered").asLong() > delivered);

            Files.delete(filler); // room again
            Waits.until(
                    "recording to resume",
                    Duration.ofSeconds(30),
                    () -> base.details("mp4").path("files").asLong() > files + 1
                            && !base.details("mp4").path("disk_full").asBoolean());
            JsonNode json = base.exporter("json");
            assertEquals(0, json.path("failed").asLong() + json.path("dropped").asLong(), "no event lost: " + json);
        } finally {
            if (evex != null) {
                evex.destroy();
                if (!evex.waitFor(30, TimeUnit.SECONDS)) {
                    evex.destroyForcibly(); // never left running after the test
                }
            }
            EvexStatus.run("umount", "-l", small.toString());
        }
        String log = Files.readString(dir.resolve("evex.out")) + Files.readString(dir.resolve("evex.err"));
        assertEquals(1, log.split("is full: recording pauses", -1).length - 1, "said once:\n" + log);
        assertTrue(log.contains("recording again"), log);
    }
}
