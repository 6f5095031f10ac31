package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.http.TokenStore;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.TestVideos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real runtime playing two channels of the sample video, through a real HTTP
 * client: every endpoint, its refusals, its tokens, and its answers checked against the OpenAPI
 * document it serves.
 */
class ApiTest {

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
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state")))
                .withWorkingDirectory(dir);
        evex = new Evex(config, false).start();
        api = new ApiClient(evex.http().baseUri());
        long deadline = System.currentTimeMillis() + 20_000;
        while (evex.channels().stream().anyMatch(c -> c.cache().size() < 25) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
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

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "api-test-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Channel channel(String name) {
        return evex.channels().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode ok(String method, String path, String docPath, int status, HttpResponse<byte[]> r)
            throws Exception {
        assertEquals(status, r.statusCode(), method + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = json(r);
        openApi.check(method, docPath, status, body);
        return body;
    }

    private static void refused(HttpResponse<byte[]> r, int status, String docPath, String method, String field)
            throws Exception {
        assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = json(r);
        openApi.check(method, docPath, status, body);
        assertEquals(status, body.at("/error/status").asInt());
        if (field != null) {
            assertEquals(field, body.at("/error/field").asText(), body.toString());
        }
    }

    private static BufferedImage picture(HttpResponse<byte[]> r) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertNotNull(image, "not a picture: " + r.headers().map());
        return image;
    }

    @Test
    void channelsAndProbeAnswerWithTheirFactsAndRefuseWhatIsWrong() throws Exception {
        JsonNode list = ok("get", "/channels", "/channels", 200, api.get("/api/v1/channels", ADMIN));
        assertEquals(2, list.get("channels").size());
        JsonNode lobby = ok("get", "/channels/lobby", "/channels/{id}", 200, api.get("/api/v1/channels/lobby", ADMIN));
        assertEquals("online", lobby.get("state").asText());
        assertEquals(640, lobby.get("width").asInt());
        JsonNode probe = ok(
                "get",
                "/channels/lobby/probe",
                "/channels/{id}/probe",
                200,
                api.get("/api/v1/channels/lobby/probe", ADMIN));
        assertTrue(probe.get("online").asBoolean());
        assertEquals("h264", probe.get("codec").asText());
        assertTrue(probe.get("cache_frames").asInt() > 0, probe.toString());
        assertTrue(
                probe.get("cache_end_ms").asLong()
                        >= probe.get("cache_start_ms").asLong(),
                probe.toString());
        assertTrue(probe.get("last_frame_age_ms").asLong() < 2000, probe.toString());

        refused(api.get("/api/v1/channels", null), 401, "/channels", "get", null);
        refused(api.get("/api/v1/channels", "evx_a_wrong"), 401, "/channels", "get", null);
        refused(api.get("/api/v1/channels/nope", ADMIN), 404, "/channels/{id}", "get", null);
        refused(api.get("/api/v1/channels/lobby/image?width=5", ADMIN), 400, "/channels/{id}/image", "get", "width");
        refused(
                api.get("/api/v1/channels/lobby/image?format=gif", ADMIN),
                400,
                "/channels/{id}/image",
                "get",
                "format");
        refused(
                api.get("/api/v1/channels/lobby/images?from=20&to=10", ADMIN),
                400,
                "/channels/{id}/images",
                "get",
                "to");
        assertEquals(401, api.get("/api/status", null).statusCode(), "status needs a token once one is configured");
        assertEquals(200, api.get("/api/status", ADMIN).statusCode());
    }

    @Test
    void imagesLatestAtATimeAndInAnySize() throws Exception {
        HttpResponse<byte[]> latest = api.get("/api/v1/channels/lobby/image", ADMIN);
        assertEquals(200, latest.statusCode());
        assertEquals("image/jpeg", latest.headers().firstValue("Content-Type").orElse(""));
        BufferedImage full = picture(latest);
        // A viewer that waits: a live channel answers at once, one not there (or restarting) with 204.
        assertEquals(
                200, api.get("/api/v1/channels/lobby/image?wait_ms=2000", ADMIN).statusCode());
        assertEquals(
                204, api.get("/api/v1/channels/gone/image?wait_ms=300", ADMIN).statusCode());
        assertEquals(640, full.getWidth());
        assertEquals(360, full.getHeight());
        long stamp =
                Long.parseLong(latest.headers().firstValue("X-Frame-Timestamp").orElseThrow());
        assertTrue(Math.abs(System.currentTimeMillis() - stamp) < 2000, "a live frame: " + stamp);
        // The same frame again is "not modified" (frames change every 40 ms: try a few times).
        boolean notModified = false;
        for (int i = 0; i < 20 && !notModified; i++) {
            HttpResponse<byte[]> a = api.get("/api/v1/channels/lobby/image", ADMIN);
            String etag = a.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> b = api.http.send(
                    api.request("/api/v1/channels/lobby/image", ADMIN)
                            .header("If-None-Match", etag)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            notModified = b.statusCode() == 304;
        }
        assertTrue(notModified, "an unchanged frame answers 304");
        BufferedImage small = picture(api.get("/api/v1/channels/lobby/image?width=320", ADMIN));
        assertEquals(320, small.getWidth());
        assertEquals(180, small.getHeight());
        HttpResponse<byte[]> png = api.get("/api/v1/channels/lobby/image?format=png&width=160&height=160", ADMIN);
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals(160, picture(png).getHeight());
        HttpResponse<byte[]> past = api.get("/api/v1/channels/lobby/image?at=" + (stamp - 500), ADMIN);
        assertEquals(200, past.statusCode());
        assertTrue(Long.parseLong(past.headers().firstValue("X-Frame-Timestamp").orElseThrow()) <= stamp - 500);
        refused(api.get("/api/v1/channels/lobby/image?at=1000", ADMIN), 404, "/channels/{id}/image", "get", null);

        // Past frames at 5 a second for 2 s, as a multipart stream with a time stamp per part.
        long to = System.currentTimeMillis() - 200;
        HttpResponse<byte[]> parts =
                api.get("/api/v1/channels/lobby/images?from=" + (to - 2000) + "&to=" + to + "&rate=5", ADMIN);
        assertEquals(200, parts.statusCode());
        String text = new String(parts.body(), StandardCharsets.ISO_8859_1);
        List<Long> stamps = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("X-Frame-Timestamp: ")) {
                stamps.add(Long.parseLong(line.substring(19)));
            }
        }
        // At most 5 a second, all from the window; how many depends on when frames arrived (a loaded
        // machine delivers them unevenly), so only a lower bound well under 10 is asserted.
        assertTrue(stamps.size() >= 6 && stamps.size() <= 11, "5 a second for 2 s: " + stamps);
        for (int i = 1; i < stamps.size(); i++) {
            assertTrue(stamps.get(i) - stamps.get(i - 1) >= 200, "at most 5 a second: " + stamps);
        }
        for (long t : stamps) {
            assertTrue(t >= to - 2000 - 40 && t <= to + 40, "within the window asked: " + stamps);
        }
        HttpResponse<byte[]> zip =
                api.get("/api/v1/channels/lobby/images?from=" + (to - 1000) + "&to=" + to + "&rate=2&as=zip", ADMIN);
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        int entries = 0;
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            while (in.getNextEntry() != null) {
                assertNotNull(ImageIO.read(in));
                entries++;
            }
        }
        assertTrue(entries >= 2 && entries <= 3, entries + " pictures in the zip");
    }

    @Test
    void fiftyViewersAndFiftyPollersCostOneEncodePerSourceFrame() throws Exception {
        Channel lobby = channel("lobby");
        AtomicBoolean running = new AtomicBoolean(true);
        List<AtomicLong> viewed = new CopyOnWriteArrayList<>();
        List<AtomicLong> polled = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            AtomicLong parts = new AtomicLong();
            viewed.add(parts);
            threads.add(started(() -> watch(parts, running)));
            AtomicLong pictures = new AtomicLong();
            polled.add(pictures);
            threads.add(started(() -> poll(pictures, running)));
        }
        Thread.sleep(1500); // everybody connected
        long encodes0 = evex.api().pictureEncodes();
        long frames0 = lobby.framesDecoded();
        Thread.sleep(4000);
        long encodes = evex.api().pictureEncodes() - encodes0;
        long frames = lobby.framesDecoded() - frames0;
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertTrue(viewed.stream().allMatch(v -> v.get() > 5), "every viewer saw pictures: " + viewed);
        assertTrue(polled.stream().allMatch(p -> p.get() > 5), "every poller got pictures: " + polled);
        long served = viewed.stream().mapToLong(AtomicLong::get).sum()
                + polled.stream().mapToLong(AtomicLong::get).sum();
        assertTrue(
                encodes <= frames + 2,
                encodes + " encodes for " + frames + " source frames (and " + served + " pictures served)");
    }

    /** Reads a preview, counting its parts, until told to stop. */
    private static void watch(AtomicLong parts, AtomicBoolean running) {
        try {
            HttpResponse<InputStream> r = api.http.send(
                    api.request("/api/v1/channels/lobby/live.mjpeg?fps=25", ADMIN)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] buffer = new byte[65536];
                String tail = "";
                int n;
                while (running.get() && (n = in.read(buffer)) > 0) {
                    String chunk = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    int at = 0;
                    while ((at = chunk.indexOf("--evexframe\r\n", at)) >= 0) {
                        parts.incrementAndGet();
                        at++;
                    }
                    tail = chunk.substring(Math.max(0, chunk.length() - 16));
                }
            }
        } catch (Exception e) {
            // the test ends the stream
        }
    }

    private static void poll(AtomicLong pictures, AtomicBoolean running) {
        while (running.get()) {
            try {
                if (api.get("/api/v1/channels/lobby/image", ADMIN).statusCode() == 200) {
                    pictures.incrementAndGet();
                }
            } catch (Exception e) {
                return;
            }
        }
    }

    @Test
    void nextImageNeverGivesAConsumerTheSameFrameTwice() throws Exception {
        List<List<Long>> seen = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String consumer : List.of("a", "a", "b")) { // two requests at once for "a"
            List<Long> ids = new CopyOnWriteArrayList<>();
            seen.add(ids);
            threads.add(started(() -> {
                for (int i = 0; i < 15; i++) {
                    try {
                        HttpResponse<byte[]> r = api.get(
                                "/api/v1/channels/lobby/next-image?consumer=" + consumer + "&timeout_ms=3000", ADMIN);
                        if (r.statusCode() == 200) {
                            ids.add(Long.parseLong(
                                    r.headers().firstValue("X-Frame-Id").orElseThrow()));
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        List<Long> a = new ArrayList<>(seen.get(0));
        a.addAll(seen.get(1));
        assertEquals(30, a.size(), "every request for a got a frame");
        assertEquals(a.size(), a.stream().distinct().count(), "a never got a frame twice: " + a);
        List<Long> b = seen.get(2);
        assertEquals(15, b.size());
        assertEquals(b.size(), b.stream().distinct().count(), "b never got a frame twice: " + b);
        for (int i = 1; i < b.size(); i++) {
            assertTrue(b.get(i) > b.get(i - 1), "newer each time: " + b);
        }
        refused(
                api.get("/api/v1/channels/lobby/next-image?consumer=bad%20name", ADMIN),
                400,
                "/channels/{id}/next-image",
                "get",
                "consumer");
        HttpResponse<byte[]> none = api.get(
                "/api/v1/channels/lobby/next-image?after=" + (System.currentTimeMillis() + 60_000) + "&timeout_ms=300",
                ADMIN);
        assertEquals(204, none.statusCode(), "nothing newer than the future within the time-out");
    }

    @Test
    void aClipIsTheCachedVideoAsItCameWithoutReencoding() throws Exception {
        long to = System.currentTimeMillis();
        HttpResponse<byte[]> r = api.get("/api/v1/channels/lobby/clip.mp4?from=" + (to - 3000) + "&to=" + to, ADMIN);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("video/mp4", r.headers().firstValue("Content-Type").orElse(""));
        Path clip = dir.resolve("clip.mp4");
        Files.write(clip, r.body());
        int frames = Integer.parseInt(r.headers().firstValue("X-Clip-Frames").orElseThrow());
        String[] probe = TestVideos.run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames:format=duration",
                        "-of",
                        "csv=p=0",
                        clip.toString()))
                .trim()
                .split("[,\n]");
        assertEquals("h264", probe[0]);
        assertEquals("640", probe[1]);
        assertEquals("360", probe[2]);
        assertEquals(frames, Integer.parseInt(probe[3].trim()), String.join(",", probe));
        double duration = Double.parseDouble(probe[4].trim());
        assertEquals(frames / 25.0, duration, 0.2, "25 fps: " + String.join(",", probe));
        assertTrue(duration >= 2.5, "at least the 3 s asked for, from the key frame before: " + duration);
        refused(
                api.get("/api/v1/channels/lobby/clip.mp4?from=1000&to=2000", ADMIN),
                404,
                "/channels/{id}/clip.mp4",
                "get",
                null);
    }

    @Test
    void metadataIsKeptPublishedAndReadBack() throws Exception {
        long from = System.currentTimeMillis();
        JsonNode made = ok(
                "post",
                "/channels/lobby/metadata",
                "/channels/{id}/metadata",
                201,
                api.send(
                        "POST", "/api/v1/channels/lobby/metadata?source=vms", ADMIN, "{\"door\": \"open\", \"n\": 3}"));
        JsonNode back = ok(
                "get",
                "/channels/lobby/metadata",
                "/channels/{id}/metadata",
                200,
                api.get("/api/v1/channels/lobby/metadata?from=" + from, ADMIN));
        assertEquals(1, back.get("metadata").size());
        assertEquals("open", back.at("/metadata/0/data/door").asText());
        assertEquals("vms", back.at("/metadata/0/source").asText());
        JsonNode events =
                ok("get", "/events", "/events", 200, api.get("/api/v1/events?type=metadata&channel=lobby", ADMIN));
        assertTrue(events.toString().contains(made.get("event_id").asText()), "published on the bus: " + events);
        String big = "{\"x\": \"" + "y".repeat(70_000) + "\"}";
        refused(
                api.send("POST", "/api/v1/channels/lobby/metadata", ADMIN, big),
                413,
                "/channels/{id}/metadata",
                "post",
                "body");
        refused(
                api.send("POST", "/api/v1/channels/lobby/metadata", ADMIN, "{not json"),
                400,
                "/channels/{id}/metadata",
                "post",
                "body");
    }

    @Test
    void groupTokensReachTheirChannelsOnlyAndCanBeRevoked() throws Exception {
        JsonNode group = ok(
                "post",
                "/groups",
                "/groups",
                201,
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"front\", \"channels\": [\"lobby\"]}"));
        String id = group.get("id").asText();
        String token = group.get("token").asText();
        JsonNode seen = ok("get", "/channels", "/channels", 200, api.get("/api/v1/channels", token));
        assertEquals(1, seen.get("channels").size(), "a group sees its channels only");
        assertEquals(200, api.get("/api/v1/channels/lobby/image", token).statusCode());
        refused(api.get("/api/v1/channels/yard/image", token), 403, "/channels/{id}/image", "get", null);
        refused(api.send("POST", "/api/v1/groups", token, "{\"name\": \"mine\"}"), 403, "/groups", "post", null);
        ok("get", "/groups/" + id, "/groups/{id}", 200, api.get("/api/v1/groups/" + id, token));

        JsonNode channels = ok(
                "get",
                "/groups/x/channels",
                "/groups/{id}/channels",
                200,
                api.get("/api/v1/groups/" + id + "/channels", token));
        String lobbyToken = channels.at("/channels/0/token").asText();
        assertEquals(200, api.get("/api/v1/channels/lobby/probe", lobbyToken).statusCode());
        refused(api.get("/api/v1/channels/yard/probe", lobbyToken), 403, "/channels/{id}/probe", "get", null);
        JsonNode urls = ok(
                "get",
                "/groups/x/live-urls",
                "/groups/{id}/live-urls",
                200,
                api.get("/api/v1/groups/" + id + "/live-urls", token));
        String mjpeg = urls.at("/channels/0/mjpeg").asText();
        assertTrue(mjpeg.contains("token="), mjpeg);
        HttpResponse<byte[]> image = api.get(
                urls.at("/channels/0/image").asText().replace(api.base.toString(), "/"),
                null); // the token is in the URL
        assertEquals(200, image.statusCode());

        // Adding yard reaches it at once; a bad channel name is refused with its place in the list.
        assertEquals(
                204,
                api.send("PUT", "/api/v1/groups/" + id + "/channels/yard", ADMIN, null)
                        .statusCode());
        assertEquals(200, api.get("/api/v1/channels/yard/probe", token).statusCode());
        refused(
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"x\", \"channels\": [\"lobby\", \"nope\"]}"),
                400,
                "/groups",
                "post",
                "channels/1");

        // Tokens survive a restart: they are kept hashed, and nothing of them in clear.
        String kept = Files.readString(dir.resolve("state/tokens.json"));
        assertFalse(kept.contains(token.substring(token.lastIndexOf('_') + 1)), "no token in clear");
        TokenStore reloaded = new TokenStore(dir.resolve("state"), ADMIN);
        assertEquals(new Access(Access.Role.GROUP, id, null), reloaded.authenticate(token));

        // Revoked tokens are refused.
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/channels/lobby/token", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels/lobby/probe", lobbyToken), 401, "/channels/{id}/probe", "get", null);
        assertEquals(
                204,
                api.send("DELETE", "/api/v1/groups/" + id + "/token", ADMIN, null)
                        .statusCode());
        refused(api.get("/api/v1/channels", token), 401, "/channels", "get", null);
        assertEquals(
                204, api.send("DELETE", "/api/v1/groups/" + id, ADMIN, null).statusCode());
        refused(api.get("/api/v1/groups/" + id, ADMIN), 404, "/groups/{id}", "get", null);
    }

    @Test
    void eventsPostedAreValidatedAllOrNothingAndPublished() throws Exception {
        String track =
                "{\"$id\": \"track\", \"$version\": 3, \"channel\": \"lobby\", \"frame_id\": 7, \"frame_time\": 0.28,"
                        + " \"tracking_id\": \"ext-1\", \"object\": {\"class\": \"person\", \"confidence\": 0.9},"
                        + " \"box\": {\"l\": 0.1, \"t\": 0.1, \"w\": 0.2, \"h\": 0.3}, \"state\": \"new\"}";
        JsonNode accepted = ok("post", "/events", "/events", 202, api.send("POST", "/api/v1/events", ADMIN, track));
        assertEquals(1, accepted.get("accepted").asInt());
        String id = accepted.at("/event_ids/0").asText();
        JsonNode recent = ok("get", "/events", "/events", 200, api.get("/api/v1/events?type=track&limit=10", ADMIN));
        assertTrue(recent.toString().contains(id), recent.toString());

        String bad = "[" + track + ", {\"$id\": \"track\", \"$version\": 3, \"channel\": \"lobby\", \"frame_id\": 1,"
                + " \"frame_time\": 0, \"tracking_id\": \"\", \"object\": {\"class\": \"x\"}, \"box\": {\"l\": 2}}]";
        HttpResponse<byte[]> r = api.send("POST", "/api/v1/events", ADMIN, bad);
        JsonNode refusal = ok("post", "/events", "/events", 400, r);
        assertTrue(refusal.get("problems").size() > 0);
        refusal.get("problems").forEach(p -> assertEquals(1, p.get("index").asInt(), p.toString()));
        assertTrue(refusal.toString().contains("/box"), refusal.toString());
        JsonNode after = json(api.get("/api/v1/events?type=track&limit=1000", ADMIN));
        assertEquals(1, after.toString().split("ext-1", -1).length - 1, "nothing of the refused batch was published");
        HttpResponse<byte[]> unknown =
                api.send("POST", "/api/v1/events", ADMIN, "{\"$id\": \"nope\", \"channel\": \"lobby\"}");
        assertTrue(
                json(unknown).toString().contains("unknown event type"),
                json(unknown).toString());
    }

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
