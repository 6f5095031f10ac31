package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 in the middle of a segment, then a restart with the camera gone (issue 25 point 3): the
 * index lists the cut segment with the span its fragments hold, and a clip of that span is read back
 * from it by ffprobe.
 */
class RecordingKillIT {

    private static final String ADMIN = "kill-test-admin-0123456789abc";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSegmentCutByAKillIsListedAndPlaysAfterARestart() throws Exception {
        Files.writeString(dir.resolve("evex.yaml"), """
                http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                channels:
                  - {name: lobby, url: sample, loop: true}
                exporters:
                  - type: mp4
                    settings: {path: "rec/{sys.count}.mp4", segment: 10m}
                """);
        Process first = EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), "run", "--config", "evex.yaml");
        long started = System.currentTimeMillis();
        try {
            EvexProcess.httpBase(dir, first);
            Waits.until("a few seconds recorded", Duration.ofSeconds(30), () -> size(dir.resolve("rec")) > 15_000);
        } finally {
            first.destroyForcibly(); // SIGKILL: no segment is ended, no index line written
            first.waitFor(10, TimeUnit.SECONDS);
        }
        Files.delete(dir.resolve("evex.out"));
        // The camera is gone when the site comes back: recordings still play.
        Files.writeString(
                dir.resolve("evex.yaml"),
                Files.readString(dir.resolve("evex.yaml"))
                        .replace("url: sample, loop: true", "url: \"rtsp://127.0.0.1:9/gone\""));
        Process second = EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), "run", "--config", "evex.yaml");
        try {
            URI base = EvexProcess.httpBase(dir, second);
            JsonNode spans = JSON.readTree(EvexProcess.call(
                            http,
                            base,
                            ADMIN,
                            "GET",
                            "/api/v1/channels/lobby/recordings?from=" + (started - 60_000),
                            null)
                    .body());
            JsonNode cut = spans.at("/spans/0");
            assertTrue(
                    cut.path("to").asLong() - cut.path("from").asLong() >= 3_000, "the cut segment's span: " + spans);
            long from = cut.path("from").asLong();
            double seconds = clipSeconds(base, from, Math.min(cut.path("to").asLong(), from + 3_000));
            assertTrue(seconds >= 2 && seconds <= 5, "about 3 s read back from the cut file: " + seconds);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The duration ffprobe reads in the clip of [from, to] the runtime makes from its recordings. */
    private double clipSeconds(URI base, long from, long to) throws Exception {
        HttpResponse<Path> clip = http.send(
                HttpRequest.newBuilder(base.resolve("api/v1/channels/lobby/clip.mp4?from=" + from + "&to=" + to))
                        .header("Authorization", "Bearer " + ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofFile(dir.resolve("clip.mp4")));
        assertEquals(200, clip.statusCode(), () -> read(dir.resolve("clip.mp4")));
        assertEquals("recordings", clip.headers().firstValue("X-Clip-Source").orElse(""));
        Process probe = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration",
                        "-of",
                        "csv=p=0",
                        dir.resolve("clip.mp4").toString())
                .redirectErrorStream(true)
                .start();
        return Double.parseDouble(new String(probe.getInputStream().readAllBytes()).trim());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static long size(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".mp4"))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
