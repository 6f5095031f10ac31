package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.Evex;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.testing.Pipelines;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /events/stream}: Server-Sent Events read by a real HTTP client, filtered by channel and type. */
class EventStreamTest {

    private static final String ADMIN = "event-stream-admin-token";

    @TempDir
    Path dir;

    @Test
    void publishedEventsArriveAsServerSentEventsForTheChannelsAsked() throws Exception {
        RuntimeConfig config = RuntimeConfig.empty()
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state")))
                .withWorkingDirectory(dir);
        try (Evex evex = new Evex(config, false).alwaysServeHttp().start()) {
            ApiClient api = new ApiClient(evex.http().baseUri());
            assertEquals(401, api.get("/api/v1/events/stream", null).statusCode());
            assertEquals(406, api.get("/api/v1/events/stream", ADMIN).statusCode(), "said, not an empty answer");
            HttpResponse<InputStream> stream = api.http.send(
                    api.request("/api/v1/events/stream?channel=dock&type=event-motion", ADMIN)
                            .header("Accept", "text/event-stream") // as EventSource sends it
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            assertTrue(
                    stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"),
                    stream.headers().map().toString());
            List<JsonNode> received = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null && received.size() < 3) {
                        if (line.startsWith("data: ")) {
                            received.add(ApiClient.JSON.readTree(line.substring(6)));
                        } else if (line.startsWith("id: ")) {
                            ids.add(line.substring(4));
                        }
                    }
                } catch (Exception e) {
                    // the stream ends when the test does
                }
            });
            reader.start();
            Thread.sleep(300); // the viewer is registered once its stream is open
            for (int i = 0; i < 3; i++) {
                evex.bus().publish(Pipelines.motion("lobby", i)); // another channel: not sent
                evex.bus().publish(Pipelines.motion("dock", i));
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(3, received.size(), received.toString());
            for (int i = 0; i < 3; i++) {
                assertEquals("dock", received.get(i).path("channel").asText());
                assertEquals(i, received.get(i).path("frame_id").asInt());
                assertEquals(received.get(i).path("event_id").asText(), ids.get(i), "id: is the event id");
            }
        }
    }
}
