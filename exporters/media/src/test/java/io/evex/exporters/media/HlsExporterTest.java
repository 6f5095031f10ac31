package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HLS served by the runtime's HTTP server, read back over HTTP with ffprobe. */
class HlsExporterTest {

    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),");

    @TempDir
    Path dir;

    private static final String ADMIN = "evx-hls-test-admin-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLivePlaylistSlidesDeletesOldSegmentsAndPlaysOverHttp() throws Exception {
        ChannelSettings live = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                ADMIN,
                List.of(live),
                "hls:dir=hls,segment=1s,playlist_size=3,annotated=true,keyframe_interval=1s")) {
            URI playlist = p.evex().http().baseUri().resolve("hls/lobby/index.m3u8?token=" + ADMIN);
            assertEquals(
                    p.evex().http().baseUri() + "hls/<channel>/index.m3u8",
                    p.stats("hls").details().get("url"));
            Thread.sleep(8_000);

            HttpResponse<String> response = get(playlist);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(
                    "application/vnd.apple.mpegurl",
                    response.headers().firstValue("Content-Type").orElse(""));
            String text = response.body();
            aSlidingLiveListOfThreeOneSecondSegments(text);

            // Old segments are deleted from disk and gone from the server.
            try (Stream<Path> files = Files.list(dir.resolve("hls/lobby"))) {
                long segments = files.filter(f -> f.toString().endsWith(".ts")).count();
                assertTrue(segments <= 3 + 2, segments + " segments on disk");
            }
            assertFalse(Files.exists(dir.resolve("hls/lobby/segment-000000.ts")));
            assertEquals(
                    404,
                    get(p.evex().http().baseUri().resolve("hls/lobby/segment-000000.ts?token=" + ADMIN))
                            .statusCode());
            String listedSegment = text.lines()
                    .filter(l -> l.contains(".ts?token="))
                    .findFirst()
                    .orElseThrow();
            assertEquals(200, get(playlist.resolve(listedSegment)).statusCode());

            // A live playlist never ends: read its first 2 s of video.
            JsonNode info = MediaPipeline.probe(playlist.toString(), List.of("-read_intervals", "%+2"));
            assertEquals("h264", info.get("codec").asText(), info.toString());
            assertEquals(640, info.get("width").asInt());
            assertEquals(360, info.get("height").asInt());
            assertEquals("25/1", info.get("rate").asText(), info.toString());
            assertTrue(info.get("frames").asInt() >= 45, "2 s hold ~50 frames: " + info);

            // Nothing outside a published folder is served (Jetty refuses such a path outright).
            HttpResponse<String> outside = get(p.evex().http().baseUri().resolve("hls/../../etc/passwd"));
            assertTrue(outside.statusCode() == 400 || outside.statusCode() == 404, outside.toString());
            assertFalse(outside.body().contains("root:"), outside.body());
        }
    }

    /**
     * Published files and the status always need a token, generated or configured; a channel's
     * token reads that channel's HLS and no other's, whatever the channels are called.
     */
    @Test
    void hlsAndTheStatusNeedATokenThatReachesTheChannel() throws Exception {
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE), ChannelSettings.of("hls", SourceUrl.SAMPLE)),
                "hls:dir=hls,segment=1s")) {
            URI base = p.evex().http().baseUri();
            Waits.until(
                    "the playlists",
                    Duration.ofSeconds(20),
                    () -> Files.exists(dir.resolve("hls/lobby/index.m3u8"))
                            && Files.exists(dir.resolve("hls/hls/index.m3u8")));
            String admin = p.evex().api().auth().tokens().takeGeneratedAdmin();
            assertTrue(admin != null, "no token configured: one is generated");
            assertEquals(401, get(base.resolve("hls/lobby/index.m3u8")).statusCode(), "no token, no video");
            assertEquals(
                    401, get(base.resolve("hls/nothing/here.ts")).statusCode(), "the same 401 for what does not exist");
            assertEquals(401, get(base.resolve("api/status")).statusCode());
            assertEquals(200, get(base.resolve("healthz")).statusCode(), "the health check needs none");
            assertEquals("{\"status\":\"ok\"}", get(base.resolve("healthz")).body());

            String lobby = channelToken(base, admin, "lobby");
            String named = channelToken(base, admin, "hls");
            assertEquals(
                    200,
                    get(base.resolve("hls/lobby/index.m3u8?token=" + lobby)).statusCode(),
                    "its own channel");
            assertEquals(
                    403, get(base.resolve("hls/hls/index.m3u8?token=" + lobby)).statusCode(), "not another's");
            assertEquals(
                    403,
                    get(base.resolve("hls/lobby/index.m3u8?token=" + named)).statusCode(),
                    "a channel named like the folder reaches only itself");
            assertEquals(403, get(base.resolve("api/status?token=" + lobby)).statusCode(), "status is the admin's");
            assertEquals(200, get(base.resolve("api/status?token=" + admin)).statusCode());
        }
    }

    /** The channel token of a one-channel group, made over the API. */
    private String channelToken(URI base, String admin, String channel) throws Exception {
        HttpResponse<String> made = http.send(
                HttpRequest.newBuilder(base.resolve("api/v1/groups"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\": \"g-" + channel + "\", \"channels\": [\"" + channel + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, made.statusCode(), made.body());
        String id = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(made.body())
                .path("id")
                .asText();
        HttpResponse<String> listed = http.send(
                HttpRequest.newBuilder(base.resolve("api/v1/groups/" + id + "/channels"))
                        .header("Authorization", "Bearer " + admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(listed.body())
                .path("channels")
                .path(0)
                .path("token")
                .asText();
    }

    private static void aSlidingLiveListOfThreeOneSecondSegments(String text) {
        assertTrue(text.startsWith("#EXTM3U"), text);
        assertTrue(text.contains("#EXT-X-TARGETDURATION:1"), text);
        assertFalse(text.contains("#EXT-X-ENDLIST"), "a live playlist has no end: " + text);
        Matcher m = EXTINF.matcher(text);
        int listed = 0;
        while (m.find()) {
            listed++;
            double seconds = Double.parseDouble(m.group(1));
            assertEquals(1.0, seconds, 0.05, "segment length in " + text);
        }
        assertEquals(3, listed, text);
        int sequence = Integer.parseInt(text.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
        assertTrue(sequence >= 3, "the playlist slid: " + text);
    }

    @Test
    void withAnAdminTokenHlsNeedsATokenAndAPlaylistHandsItToItsSegments() throws Exception {
        String admin = "evx-hls-test-admin-0123456789";
        try (MediaPipeline p = new MediaPipeline(
                dir, admin, List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE)), "hls:dir=hls,segment=1s")) {
            URI playlist = p.evex().http().baseUri().resolve("hls/lobby/index.m3u8");
            Waits.until(
                    "the playlist", Duration.ofSeconds(15), () -> Files.exists(dir.resolve("hls/lobby/index.m3u8")));
            Thread.sleep(2_500);
            assertEquals(401, get(playlist).statusCode(), "no token, no video");
            assertEquals(401, get(URI.create(playlist + "?token=wrong")).statusCode());
            URI withToken = URI.create(playlist + "?token=" + admin);
            HttpResponse<String> ok = get(withToken);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(
                    ok.body()
                            .lines()
                            .filter(l -> l.endsWith(".ts") || l.contains(".ts?"))
                            .allMatch(l -> l.endsWith("?token=" + admin)),
                    "every segment carries the token: " + ok.body());
            // A player given only the playlist's URL plays it.
            JsonNode info = MediaPipeline.probe(withToken.toString(), List.of("-read_intervals", "%+1"));
            assertEquals("h264", info.get("codec").asText(), info.toString());
            assertEquals(
                    401, get(p.evex().http().baseUri().resolve("api/status")).statusCode());
        }
    }
}
