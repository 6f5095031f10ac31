package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpLimits;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real runtime playing two channels of the sample video, through a real HTTP
 * client: every endpoint, its refusals, its tokens, and its answers checked against the OpenAPI
 * document it serves.
 */
abstract class SampleRuntimeTest {
    static final String ADMIN = "evx-test-admin-0123456789abcdef";

    @TempDir
    static Path dir;

    static Evex evex;
    static ApiClient api;
    static OpenApiDocument openApi;

    @BeforeAll
    static void start() throws Exception {
        List<ChannelSettings> channels = new ArrayList<>();
        for (String name : List.of("lobby", "yard")) {
            channels.add(ChannelSettings.of(name, SourceUrl.SAMPLE).withLoop(true));
        }
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(channels)
                // fifty viewers and fifty pollers share the admin token in ImageRoutesTest
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state"))
                        .withLimits(new HttpLimits(10, Duration.ofMinutes(1), 200, 256, 4, 16L << 20)))
                .withWorkingDirectory(dir);
        evex = new Evex(config, false).start();
        api = new ApiClient(evex.http().baseUri());
        Waits.until(
                "both channels to cache 25 frames",
                Duration.ofSeconds(20),
                () -> evex.channels().stream().allMatch(c -> c.cache().size() >= 25));
        HttpResponse<byte[]> doc = api.get("/api/v1/openapi.json", null);
        assertEquals(200, doc.statusCode(), "the OpenAPI document needs no token");
        openApi = new OpenApiDocument(json(doc));
    }

    @AfterAll
    static void stop() {
        if (evex != null) {
            evex.close();
        }
    }

    static Thread started(Runnable r) {
        Thread t = new Thread(r, "api-test-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static Channel channel(String name) {
        return evex.channels().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static JsonNode ok(String method, String path, String docPath, int status, HttpResponse<byte[]> r)
            throws Exception {
        return openApi.answer(method, path, docPath, status, r);
    }

    static void refused(HttpResponse<byte[]> r, int status, String docPath, String method, String field)
            throws Exception {
        openApi.refusal(r, status, docPath, method, field);
    }

    static BufferedImage picture(HttpResponse<byte[]> r) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertNotNull(image, "not a picture: " + r.headers().map());
        return image;
    }
}
