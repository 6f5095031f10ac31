package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code GET /exporters} and the Prometheus metrics. */
class ApiMetricsTest extends SampleRuntimeTest {

    @Test
    void exportersAndPrometheusMetrics() throws Exception {
        ok("get", "/exporters", "/exporters", 200, api.get("/api/v1/exporters", ADMIN));
        HttpResponse<byte[]> m = api.get("/api/v1/metrics", ADMIN);
        assertEquals(200, m.statusCode());
        String text = new String(m.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("evex_events_published_total "), text);
        assertTrue(text.matches("(?s).*evex_channel_frames_total\\{channel=\"lobby\"} \\d.*"), text);
        assertTrue(text.contains("evex_channel_online{channel=\"yard\"} 1"), text);
        // Prometheus's own tool reads it without complaint.
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is needed (apt-get install prometheus)");
            }
            org.junit.jupiter.api.Assumptions.abort("no promtool (apt-get install prometheus)");
        }
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, text);
        Process p = new ProcessBuilder("sh", "-c", "promtool check metrics < " + file)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool: " + out);
        refused(api.get("/api/v1/metrics", null), 401, "/metrics", "get", null);
    }
}
