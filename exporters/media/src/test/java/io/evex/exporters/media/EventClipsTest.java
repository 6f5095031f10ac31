package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ClipSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event clips (issue 25 point 5) and a channel's own retention (point 1): events of a channel's clip
 * types make one clip from {@code pre} before the first to {@code post} after the last, with a
 * snapshot and a {@code clip} event every exporter gets; the channel's {@code recordings.retain}
 * overrides the recorder's.
 */
class EventClipsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "clips-test-admin-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private ObjectNode areaEnter(String channel, long at, String className) {
        ObjectNode e = JSON.createObjectNode()
                .put("$id", "event-area-enter")
                .put("$version", 2)
                .put("event_id", "enter-" + at)
                .put("channel", channel)
                .put("frame_id", 1)
                .put("frame_time", 1.0)
                .put("system_timestamp", at)
                .put("system_date", Instant.ofEpochMilli(at).toString())
                .put("zone", "dock")
                .put("area_id", "dock")
                .put("area_name", "dock")
                .put("tracking_id", "t-1")
                .put("object_class", className)
                .put("confidence", 0.9);
        e.putObject("location").put("x", 0.5).put("y", 0.5).put("width", 0.1).put("height", 0.2);
        return e;
    }

    private HttpResponse<byte[]> get(MediaPipeline p, String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(p.evex().http().baseUri().resolve(path.substring(1)))
                .header("Authorization", "Bearer " + ADMIN);
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode clips(MediaPipeline p) throws Exception {
        return JSON.readTree(get(p, "/api/v1/channels/lobby/clips", null).body())
                .path("clips");
    }

    private int clipCount(MediaPipeline p) {
        try {
            return clips(p).size();
        } catch (Exception e) {
            return -1; // asked again at the next sample
        }
    }

    @Test
    void overlappingEventsMakeOneClipFromPreToPostWithASnapshotAndAClipEvent() throws Exception {
        ClipSettings clips = new ClipSettings(
                Set.of("event-area-enter:person"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                true,
                Duration.ofDays(1),
                dir.resolve("clips").toString());
        ChannelSettings lobby =
                ChannelSettings.of("lobby", SourceUrl.SAMPLE).withRecording(Map.of("retain.continuous", "2s"), clips);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                ADMIN,
                List.of(lobby),
                "mp4:path=rec/{obj.channel}/{sys.count}.mp4,segment=1s,retain.continuous=1h,sweep_interval=300ms")) {
            var cache = p.evex().channels().get(0).cache();
            Waits.until(
                    "3 s in the frame cache",
                    Duration.ofSeconds(20),
                    () -> cache.size() > 0 && cache.newestMillis() - cache.oldestMillis() >= 3_000);
            long first = System.currentTimeMillis();
            p.evex().publisher().accept(areaEnter("lobby", first, "person"));
            p.evex().publisher().accept(areaEnter("lobby", first + 500, "car")); // not a clip type
            Waits.until("1 s later", Duration.ofSeconds(5), () -> System.currentTimeMillis() >= first + 1_000);
            long second = System.currentTimeMillis();
            p.evex().publisher().accept(areaEnter("lobby", second, "person"));

            Waits.until("the clip", Duration.ofSeconds(20), () -> clipCount(p) == 1);
            JsonNode clip = clips(p).get(0);
            assertEquals(List.of(), p.evex().catalog().validate(clip, "clip", 0), clip.toString());
            assertEquals(2, clip.path("events").size(), "both person events, merged: " + clip);
            long start = clip.path("start_ms").asLong();
            long end = clip.path("end_ms").asLong();
            assertTrue(start <= first - 2_000, "from pre before the first event (its key frame): " + clip);
            assertTrue(end >= second + 2_000 - 100, "to post after the last: " + clip);
            assertTrue(end <= second + 2_000 + 200, "and no further: " + clip);

            servedWithRangesAndASnapshot(p, clip, (second - first + 4_000) / 1000.0);

            JsonNode recent =
                    JSON.readTree(get(p, "/api/v1/events?limit=1000", null).body());
            assertTrue(
                    recent.toString()
                            .contains("\"clip_id\":\"" + clip.path("clip_id").asText() + "\""),
                    "the clip event went onto the bus: " + recent);

            // The channel keeps continuous segments 2 s, whatever the recorder's hour says.
            Waits.until(
                    "a continuous segment past the channel's 2 s",
                    Duration.ofSeconds(20),
                    () -> ((Number) p.stats("mp4").details().getOrDefault("recordings.lobby.deleted", 0)).longValue()
                            > 0);
        }
    }

    /** The clip's video reads back (ffprobe) as long as asked, in byte ranges too, and its snapshot is a JPEG. */
    private void servedWithRangesAndASnapshot(MediaPipeline p, JsonNode clip, double asked) throws Exception {
        long start = clip.path("start_ms").asLong();
        long end = clip.path("end_ms").asLong();
        HttpResponse<byte[]> video = get(p, clip.at("/video/url").asText(), null);
        assertEquals(200, video.statusCode());
        Path file = dir.resolve("got.mp4");
        Files.write(file, video.body());
        JsonNode probe = MediaPipeline.probe(file.toString());
        assertTrue(probe.get("duration").asDouble() >= asked - 0.1, "pre + span + post: " + probe + " " + asked);
        assertEquals((end - start) / 1000.0, probe.get("duration").asDouble(), 0.2, probe.toString());
        HttpResponse<byte[]> part = get(p, clip.at("/video/url").asText(), "bytes=0-99");
        assertEquals(206, part.statusCode(), "a <video> seeks with ranges");
        String range = part.headers().firstValue("Content-Range").orElse("");
        assertTrue(range.matches("bytes 0-[0-9]+/" + video.body().length), range);
        assertEquals(Long.parseLong(range.replaceAll("bytes 0-([0-9]+)/.*", "$1")) + 1, part.body().length, range);

        HttpResponse<byte[]> jpg = get(p, clip.at("/snapshot/url").asText(), null);
        assertEquals(200, jpg.statusCode());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(jpg.body())), "a JPEG");
        assertEquals(
                404,
                get(p, "/api/v1/channels/lobby/clips/..%2F..%2Fsecret.mp4", null)
                        .statusCode());
    }
}
