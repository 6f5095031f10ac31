package io.evex.exporters.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/** A real runtime with two small test channels, the store and a JSON file of every event, and its API. */
final class StoreRuntime implements AutoCloseable {

    static final String ADMIN = "store-test-admin-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Evex evex;
    private final HttpClient http = HttpClient.newHttpClient();

    StoreRuntime(Path dir) {
        MotionSettings m = MotionSettings.DEFAULT;
        MotionSettings off =
                new MotionSettings(false, m.sensitivity(), m.minArea(), m.cooldownMs(), m.fps(), m.width());
        List<ChannelSettings> channels = List.of("lobby", "dock").stream()
                .map(n -> ChannelSettings.of(n, "lavfi:testsrc=size=64x36:rate=5")
                        .withMotion(off)
                        .withStatistics(0))
                .toList();
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(channels)
                .plus(
                        List.of(),
                        List.of(),
                        ExportOption.parseAll(
                                List.of(
                                        "store:path=" + dir.resolve("events.db") + ",pictures="
                                                + dir.resolve("pictures"),
                                        "json:path=" + dir.resolve("events.jsonl")),
                                List.of()))
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve(".evex")));
        evex = new Evex(config.withWorkingDirectory(dir), false).start();
        if (!evex.refusals().isEmpty()) {
            evex.close();
            throw new AssertionError("refused: " + evex.refusals());
        }
    }

    Evex evex() {
        return evex;
    }

    /** Events the store committed so far. */
    long stored() {
        return ((Number) evex.bus().stats().stream()
                        .filter(s -> s.name().equals("store"))
                        .findFirst()
                        .orElseThrow()
                        .details()
                        .get("stored"))
                .longValue();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(path.substring(1)))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path, String token) throws Exception {
        HttpResponse<String> r = get(path, token);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private URI base() {
        return evex.http().baseUri();
    }

    @Override
    public void close() {
        evex.close(10_000);
    }
}
