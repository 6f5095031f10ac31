package io.evex.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published files are read across origins only by the sites named in http.allowed_origins (review L5). */
class PublishedFilesTest {

    @TempDir
    Path dir;

    @Test
    void onlyAllowedOriginsMayReadPublishedFilesAcrossOrigins() throws Exception {
        Path hls = Files.createDirectories(dir.resolve("hls/lobby"));
        Files.writeString(hls.resolve("index.m3u8"), "#EXTM3U\n");
        HttpSettings settings = new HttpSettings(
                true,
                "127.0.0.1",
                0,
                null,
                dir.resolve("state"),
                false,
                false,
                ServerTls.OFF,
                HttpLimits.DEFAULT,
                List.of("https://wall.example.com"));
        try (HttpService http = HttpService.files(settings)) {
            http.publish("hls", dir.resolve("hls"));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> allowed = get(client, http, "https://wall.example.com");
            assertEquals(200, allowed.statusCode());
            assertEquals(
                    "https://wall.example.com",
                    allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> other = get(client, http, "https://evil.example.net");
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS for other sites");
            assertTrue(get(client, http, null)
                    .headers()
                    .firstValue("Access-Control-Allow-Origin")
                    .isEmpty());
        }
    }

    private static HttpResponse<String> get(HttpClient client, HttpService http, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.baseUri().resolve("hls/lobby/index.m3u8"));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
