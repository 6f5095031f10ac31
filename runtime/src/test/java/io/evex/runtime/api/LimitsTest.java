package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.Evex;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpLimits;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brute force and exhaustion (issue 24 point 4; review M3), on a real runtime with small limits:
 * wrong tokens throttled per address with 429 and Retry-After; streams capped per token (429) and
 * in all (503); preview forms per channel capped, with rates rounded so that viewers share; metadata
 * kept per channel by bytes; each counted in /metrics.
 */
class LimitsTest {

    private static final String ADMIN = "limits-test-admin-0123456789";

    @TempDir
    Path dir;

    private Evex start(HttpLimits limits) throws Exception {
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(
                        List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(true)))
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state")).withLimits(limits))
                .withWorkingDirectory(dir);
        Evex evex = new Evex(config, false).start();
        Waits.until(
                "lobby to be live",
                Duration.ofSeconds(20),
                () -> evex.channels().get(0).cache().size() > 5);
        return evex;
    }

    @Test
    void wrongTokensFromOneAddressAreThrottled() throws Exception {
        try (Evex evex = start(new HttpLimits(3, Duration.ofMinutes(1), 8, 256, 4, 16L << 20))) {
            ApiClient api = new ApiClient(evex.http().baseUri());
            assertEquals(200, api.get("/api/v1/channels", ADMIN).statusCode());
            for (int i = 0; i < 3; i++) {
                assertEquals(401, api.get("/api/v1/channels", "evx_a_guess" + i).statusCode());
            }
            HttpResponse<byte[]> throttled = api.get("/api/v1/channels", "evx_a_guess3");
            assertEquals(429, throttled.statusCode());
            long wait =
                    Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(wait >= 1 && wait <= 60, "Retry-After " + wait);
            assertEquals(
                    "too_many_failed_logins", json(throttled).at("/error/code").asText());
            assertEquals(429, api.get("/hls/lobby/index.m3u8", "evx_a_guess4").statusCode(), "published files too");
            assertEquals(429, api.get("/api/v1/channels", ADMIN).statusCode(), "the address waits, whatever it sends");
            assertEquals(401, api.get("/api/v1/channels", null).statusCode(), "no token is no guess");
            assertEquals(3, evex.api().auth().throttle().failures());
            assertTrue(evex.api().auth().throttle().refusals() >= 3);
        }
    }

    @Test
    void streamsPreviewFormsAndMetadataAreBounded() throws Exception {
        try (Evex evex = start(new HttpLimits(1000, Duration.ofMinutes(1), 2, 3, 1, 64 * 1024))) {
            ApiClient api = new ApiClient(evex.http().baseUri());
            String a = viewer(api);
            String b = viewer(api);
            String c = viewer(api);
            List<InputStream> open = new ArrayList<>();
            open.add(mjpeg(api, a, "fps=5&width=320", 200));
            open.add(mjpeg(api, b, "fps=6&width=320", 200)); // 6 rounds to 5: the same form
            HttpResponse<InputStream> form = api.http.send(
                    api.request("/api/v1/channels/lobby/live.mjpeg?fps=5&width=640", c)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String refusal = new String(form.body().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(429, form.statusCode(), refusal);
            assertTrue(refusal.contains("too_many_preview_forms") && refusal.contains("fps=5.0&width=320"), refusal);

            open.add(mjpeg(api, a, "fps=5&width=320", 200));
            assertEquals("too_many_streams", code(mjpeg(api, a, "fps=5&width=320", 429)), "two per token");
            assertEquals("server_busy", code(mjpeg(api, c, "fps=5&width=320", 503)), "three in all");
            open.remove(0).close();
            Waits.until(
                    "the closed stream's place to come back",
                    Duration.ofSeconds(10),
                    () -> evex.api().auth().streams().inUse() == 2);
            open.add(mjpeg(api, c, "fps=5&width=320", 200));
            String metrics = new String(api.get("/api/v1/metrics", ADMIN).body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("evex_http_streams 3.0"), metrics);
            assertTrue(metrics.contains("evex_http_streams_refused_total 2.0"), metrics);
            for (InputStream s : open) {
                s.close();
            }

            String big = "{\"blob\": \"" + "x".repeat(30_000) + "\"}";
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        201,
                        api.send("POST", "/api/v1/channels/lobby/metadata?source=n" + i, ADMIN, big)
                                .statusCode());
            }
            var kept = json(api.get("/api/v1/channels/lobby/metadata?from=0", ADMIN))
                    .get("metadata");
            assertEquals(2, kept.size(), "64KB hold two of ~30KB: the oldest went");
            assertEquals("n1", kept.get(0).path("source").asText());
        }
    }

    private static String viewer(ApiClient api) throws Exception {
        return json(api.send("POST", "/api/v1/tokens", ADMIN, "{\"role\": \"viewer\"}"))
                .get("token")
                .asText();
    }

    /** Opens a preview and reads its first bytes (a 200) or its refusal; returns the open body. */
    private static InputStream mjpeg(ApiClient api, String token, String query, int status) throws Exception {
        HttpResponse<InputStream> r = api.http.send(
                api.request("/api/v1/channels/lobby/live.mjpeg?" + query, token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(status, r.statusCode(), query);
        if (status == 200) {
            assertTrue(r.body().readNBytes(16).length == 16, "pictures flow");
        } else {
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), "a refusal says when to come back");
        }
        return r.body();
    }

    private static String code(InputStream refusal) throws Exception {
        return ApiClient.JSON.readTree(refusal.readAllBytes()).at("/error/code").asText();
    }
}
