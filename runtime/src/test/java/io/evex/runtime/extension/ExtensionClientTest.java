package io.evex.runtime.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.Polygon;
import io.evex.runtime.analysis.rules.ZoneRule;
import io.evex.runtime.analysis.track.TrackerSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.SourceUrl;
import io.evex.schemas.EventCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AI extension stage against real HTTP servers in Python: the shipped colour-blob example, and a
 * stub that answers as each test needs (204, 503 with Retry-After, 500, garbage, slow).
 */
class ExtensionClientTest {

    static final Path EXAMPLE = Path.of("..", "exporters", "examples", "colour-ai-server", "server.py")
            .toAbsolutePath()
            .normalize();
    static final Path STUB =
            Path.of("src", "test", "resources", "ai", "stub_server.py").toAbsolutePath();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventCatalog catalog = EventCatalog.load();

    @TempDir
    Path dir;

    /** Runs channels of the bundled sample (once, in real time) and returns every event published. */
    private List<ObjectNode> run(List<ChannelSettings> channels, long maxMillis) throws Exception {
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(channels)
                .withHttp(new HttpSettings(false, "127.0.0.1", 0))
                .withWorkingDirectory(dir);
        Evex evex = new Evex(config, false) {
            @Override
            public EventSink publisher() {
                EventSink bus = super.publisher();
                return e -> {
                    events.add(e.deepCopy());
                    bus.accept(e);
                };
            }
        }.start();
        try {
            for (Channel c : evex.channels()) {
                c.await(maxMillis);
            }
        } finally {
            evex.close();
        }
        for (ObjectNode e : events) {
            assertEquals(List.of(), catalog.validate(JSON.readTree(e.toString()), "events", 0), e.toString());
        }
        return events;
    }

    private static ChannelSettings channel(String name, ExtensionSettings server) {
        return ChannelSettings.of(name, SourceUrl.SAMPLE)
                .withLoop(false)
                .withObjects(ObjectSettings.NONE.withExtension(server));
    }

    /** A server asked at 2 fps for frames in {@code format}, each request naming it as {@code ?cam=format}. */
    private static ExtensionSettings format(
            URI url, String format, int w, int h, String mode, Map<String, String> headers) {
        return new ExtensionSettings(url, format, w, h, mode, 2, false, 1, 5000, headers, Map.of("cam", format));
    }

    private static ExtensionSettings server(URI url, String format, int w, int h, String mode, double fps) {
        return new ExtensionSettings(url, format, w, h, mode, fps, false, 1, 5000, Map.of(), Map.of());
    }

    private static List<JsonNode> log(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file)) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    private static List<ObjectNode> of(List<ObjectNode> events, String type, String channel) {
        return events.stream()
                .filter(e -> e.path("$id").asText().equals(type)
                        && e.path("channel").asText().equals(channel))
                .toList();
    }

    @Test
    void theExampleServersBlobsBecomeTracksThatEnterTheZone() throws Exception {
        try (PythonServer ai = new PythonServer(EXAMPLE, "--port", "0")) {
            // user information and a query in the URL: neither may reach an event (review L1)
            java.net.URI secretUrl = java.net.URI.create(
                    ai.url.toString().replaceFirst("^http://", "http://scorer:s3cret@") + "?key=k3y");
            ExtensionSettings bmp = server(secretUrl, "bmp", 320, 0, "preserve", 5);
            ObjectSettings.ZoneSpec right = new ObjectSettings.ZoneSpec(
                    "right",
                    Polygon.of(List.of(new double[][] {{0.6, 0.3}, {0.98, 0.3}, {0.98, 0.95}, {0.6, 0.95}})),
                    ObjectFilter.ANY,
                    2,
                    0,
                    false,
                    ZoneRule.NO_OCCUPANCY);
            ObjectSettings objects = new ObjectSettings(
                    "http",
                    null,
                    TrackerSettings.defaults(),
                    1000,
                    0.5,
                    List.of(right),
                    List.of(),
                    CropSettings.OFF,
                    bmp,
                    null,
                    null);
            List<ObjectNode> events = run(
                    List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE)
                            .withLoop(false)
                            .withObjects(objects)),
                    30_000);
            List<ObjectNode> inferences = of(events, "inference", "lobby");
            assertTrue(inferences.size() >= 10, "inferences: " + inferences.size());
            JsonNode first = inferences.get(0);
            assertEquals(2, first.get("$version").asInt());
            assertEquals("red", first.at("/inferences/0/entity/tag/value").asText(), first.toString());
            assertEquals("bmp", first.at("/extension/format").asText());
            assertTrue(!first.toString().contains("s3cret") && !first.toString().contains("k3y"), first.toString());
            assertEquals(320, first.at("/extension/width").asInt());
            assertEquals(180, first.at("/extension/height").asInt());
            List<ObjectNode> tracks = of(events, "track", "lobby");
            assertTrue(
                    !tracks.isEmpty()
                            && tracks.stream()
                                    .allMatch(
                                            t -> t.at("/object/class").asText().equals("red")),
                    tracks.toString());
            assertEquals(
                    1,
                    tracks.stream()
                            .map(t -> t.get("tracking_id").asText())
                            .distinct()
                            .count(),
                    "one object");
            assertEquals(1, of(events, "event-area-enter", "lobby").size(), "the walker enters the zone on the right");
        }
    }

    @Test
    void everyFormatAndSizeDecodesAtTheServer() throws Exception {
        Path log = dir.resolve("requests.jsonl");
        try (PythonServer stub = new PythonServer(STUB, "--mode", "empty", "--log", log.toString())) {
            Map<String, ExtensionSettings> servers = Map.of(
                    "jpg", format(stub.url, "jpg", 0, 0, "preserve", Map.of()),
                    "png", format(stub.url, "png", 320, 0, "preserve", Map.of()),
                    "bmp", format(stub.url, "bmp", 200, 200, "pad", Map.of("X-Api-Key", "k1")),
                    "raw", format(stub.url, "raw", 160, 160, "stretch", Map.of()));
            List<ChannelSettings> channels = new ArrayList<>();
            servers.forEach((name, s) -> channels.add(channel(name, s)));
            List<ObjectNode> events = run(channels, 30_000);
            assertEquals(
                    0,
                    events.stream()
                            .filter(e -> e.path("$id").asText().equals("inference"))
                            .count(),
                    "204: nothing");
            Map<String, List<Integer>> expected = Map.of(
                    "jpg",
                    List.of(640, 360),
                    "png",
                    List.of(320, 180),
                    "bmp",
                    List.of(200, 200),
                    "raw",
                    List.of(160, 160));
            Map<String, String> types =
                    Map.of("jpg", "image/jpeg", "png", "image/png", "bmp", "image/bmp", "raw", "image/x-raw");
            List<JsonNode> requests = log(log);
            for (String cam : expected.keySet()) {
                List<JsonNode> mine = requests.stream()
                        .filter(r -> r.at("/query/cam").asText().equals(cam))
                        .toList();
                assertTrue(mine.size() >= 8, cam + ": " + mine.size() + " requests in 8 s at 2 fps");
                for (JsonNode r : mine) {
                    assertEquals(types.get(cam), r.get("content_type").asText(), r.toString());
                    assertEquals(
                            expected.get(cam).toString(),
                            List.of(r.at("/size/0").asInt(), r.at("/size/1").asInt())
                                    .toString(),
                            cam + " decoded at the server: " + r);
                }
            }
            assertTrue(
                    requests.stream()
                            .filter(r -> r.at("/query/cam").asText().equals("bmp"))
                            .allMatch(r -> r.get("header_key").asText().equals("k1")),
                    "extra headers sent");
        }
    }

    @Test
    void busyErrorGarbageAndSlowServersAreHandledAsTheContractSays() throws Exception {
        Path busyLog = dir.resolve("busy.jsonl");
        Path slowLog = dir.resolve("slow.jsonl");
        try (PythonServer busy = new PythonServer(STUB, "--mode", "busy", "--log", busyLog.toString());
                PythonServer error = new PythonServer(
                        STUB, "--mode", "error", "--log", dir.resolve("e.jsonl").toString());
                PythonServer garbage = new PythonServer(
                        STUB,
                        "--mode",
                        "garbage",
                        "--log",
                        dir.resolve("g.jsonl").toString());
                PythonServer slow =
                        new PythonServer(STUB, "--mode", "slow", "--delay", "3", "--log", slowLog.toString())) {
            List<ObjectNode> events = run(
                    List.of(
                            channel("busy", server(busy.url, "jpg", 320, 0, "preserve", 10)),
                            channel("error", server(error.url, "jpg", 320, 0, "preserve", 10)),
                            channel("garbage", server(garbage.url, "jpg", 320, 0, "preserve", 2)),
                            channel("slow", server(slow.url, "jpg", 320, 0, "preserve", 10))
                                    .withStatistics(2000)),
                    30_000);
            // 503 with Retry-After: 2 -> no request sooner than 2 s after the last one.
            List<JsonNode> asked = log(busyLog);
            assertTrue(asked.size() >= 2 && asked.size() <= 5, "8 s with 2 s pauses: " + asked.size());
            for (int i = 1; i < asked.size(); i++) {
                double gap = asked.get(i).get("t").asDouble()
                        - asked.get(i - 1).get("t").asDouble();
                assertTrue(gap >= 1950, "waited Retry-After: " + gap + " ms");
            }
            assertEquals(0, of(events, "inference", "busy").size());
            assertEquals(0, of(events, "inference", "error").size(), "a 500 is counted, not an inference");
            // A body that is not the contract's JSON is carried whole.
            List<ObjectNode> opaque = of(events, "inference", "garbage");
            assertTrue(!opaque.isEmpty(), "garbage answers kept");
            assertEquals("text/plain", opaque.get(0).at("/payload/content_type").asText());
            assertEquals(
                    "not json \u0000\u0001",
                    new String(
                            java.util.Base64.getDecoder()
                                    .decode(opaque.get(0).at("/payload/data").asText()),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
            assertEquals(0, of(events, "track", "garbage").size());
            // 3 s per answer, one in flight: at most 4 requests in 8 s, the rest skipped, counted.
            List<JsonNode> slowAsked = log(slowLog);
            assertTrue(slowAsked.size() >= 2 && slowAsked.size() <= 4, "one at a time: " + slowAsked.size());
            ObjectNode stats = of(events, "statistics", "slow").stream()
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertTrue(stats.at("/stages/detect/skipped_in_flight").asLong() > 10, stats.toString());
            assertTrue(stats.at("/stages/detect/in_flight").asInt() <= 1, "no queue: " + stats);
            assertTrue(stats.at("/stages/detect/round_trip_ms").asDouble() >= 2900, stats.toString());
        }
    }

    @Test
    void aFileReadFasterThanRealTimeWaitsForTheServerSoEverySelectedFrameIsAsked() throws Exception {
        Path slowLog = dir.resolve("slow.jsonl");
        try (PythonServer slow =
                new PythonServer(STUB, "--mode", "slow", "--delay", "0.05", "--log", slowLog.toString())) {
            List<ObjectNode> events = run(
                    List.of(channel("file", server(slow.url, "jpg", 320, 0, "preserve", 5))
                            .withRealtime(false)
                            .withStatistics(200)),
                    30_000);
            // 8 s of video at 5 fps, one request in flight, answers after 50 ms: all 40 asked, none skipped
            // (a kept-alive connection the server closed is tried again on a fresh one).
            ObjectNode stats = of(events, "statistics", "file").stream()
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertEquals(40, log(slowLog).size(), "every frame the rate selects: " + stats);
            assertEquals(0, stats.at("/stages/detect/skipped_in_flight").asLong(), stats.toString());
            assertEquals(0, stats.at("/stages/detect/skipped_backing_off").asLong(), stats.toString());
        }
    }
}
