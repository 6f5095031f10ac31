package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.ChannelListener;
import io.evex.runtime.video.SourceUrl;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running without tokens is possible, but only when the configuration says {@code http.auth: none}. */
class OpenAuthTest {

    @TempDir
    Path dir;

    @Test
    void withAuthNoneRequestsWithoutATokenAreLetInAndOtherwiseNot() throws Exception {
        Path file = Files.writeString(dir.resolve("evex.yaml"), "http: {auth: none, port: 0, bind: 127.0.0.1}\n");
        HttpSettings open =
                new ConfigLoader(new SchemaValidator()).load(file).http().inState(dir.resolve("open"));
        assertEquals(true, open.open());
        assertEquals(200, statusOf(open, "/api/v1/channels"));
        assertEquals(200, statusOf(open, "/api/status"));
        HttpSettings closed = new HttpSettings(true, "127.0.0.1", 0, null, dir.resolve("closed"));
        assertEquals(false, closed.open(), "a token is the default");
        assertEquals(401, statusOf(closed, "/api/v1/channels"));
        assertEquals(401, statusOf(closed, "/api/status"));
    }

    private static int statusOf(HttpSettings settings, String path) throws Exception {
        FakeApiHost host = new FakeApiHost();
        host.channels.add(new Channel(
                ChannelSettings.of("lobby", SourceUrl.SAMPLE), event -> {}, new EventEnvelope(), ChannelListener.NONE));
        Api api = new Api(host, settings);
        host.serving(api);
        try (HttpService http = HttpService.start(settings, api.auth(), api::routes)) {
            api.baseUri(http::baseUri);
            return new ApiClient(http.baseUri()).get(path, null).statusCode();
        }
    }
}
