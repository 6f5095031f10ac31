package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.ChannelListener;
import io.evex.runtime.video.SourceUrl;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API alone, served on a {@link FakeApiHost} whose channels {@code lobby} and {@code yard} are
 * never started: for the routes that need no video, no exporter and no runtime.
 */
abstract class FakeHostTest {

    static final String ADMIN = SampleRuntimeTest.ADMIN;

    @TempDir
    static Path dir;

    static FakeApiHost host;
    static HttpService http;
    static ApiClient api;
    static OpenApiDocument openApi;

    @BeforeAll
    static void start() throws Exception {
        HttpSettings settings = new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state"));
        host = new FakeApiHost();
        for (String name : new String[] {"lobby", "yard"}) {
            host.channels.add(new Channel(
                    ChannelSettings.of(name, SourceUrl.SAMPLE),
                    event -> {},
                    new EventEnvelope(),
                    ChannelListener.NONE));
        }
        Api served = new Api(host, settings);
        host.serving(served);
        http = HttpService.start(settings, served.auth(), served::routes);
        served.baseUri(http::baseUri);
        api = new ApiClient(http.baseUri());
        openApi = new OpenApiDocument(json(api.get("/api/v1/openapi.json", null)));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    static JsonNode ok(String method, String path, String docPath, int status, HttpResponse<byte[]> r)
            throws Exception {
        return openApi.answer(method, path, docPath, status, r);
    }

    static void refused(HttpResponse<byte[]> r, int status, String docPath, String method, String field)
            throws Exception {
        openApi.refusal(r, status, docPath, method, field);
    }
}
