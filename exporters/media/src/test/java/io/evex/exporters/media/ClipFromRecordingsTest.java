package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's clips reach further back than the frame cache: a span the cache no longer holds is cut
 * from the MP4 recordings, by copying packets, and reads back with ffprobe.
 */
class ClipFromRecordingsTest {

    private static final String ADMIN = "evx-clip-test-admin-0123456789";

    @TempDir
    Path dir;

    @Test
    void aSpanOlderThanTheCacheComesFromTheRecordings() throws Exception {
        // A cache of 1 s; recordings in 2 s files.
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE).withCache(25, 1, 16);
        try (MediaPipeline p =
                new MediaPipeline(dir, ADMIN, List.of(lobby), "mp4:path=rec/{sys.time %H%M%S}.mp4,segment_seconds=2")) {
            long start = System.currentTimeMillis();
            Thread.sleep(7_000);
            long from = start + 1_500;
            long to = start + 4_500; // 3 s, over two recorded files, long gone from the cache
            URI uri = p.evex().http().baseUri().resolve("api/v1/channels/lobby/clip.mp4?from=" + from + "&to=" + to);
            HttpResponse<byte[]> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + ADMIN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), new String(r.body()));
            assertEquals("recordings", r.headers().firstValue("X-Clip-Source").orElse(""));
            Path clip = dir.resolve("clip.mp4");
            Files.write(clip, r.body());
            JsonNode info = MediaPipeline.probe(clip.toString(), List.of());
            assertEquals("h264", info.get("codec").asText(), info.toString());
            assertEquals(640, info.get("width").asInt());
            int frames = info.get("frames").asInt();
            assertEquals(
                    Integer.parseInt(r.headers().firstValue("X-Clip-Frames").orElseThrow()), frames, info.toString());
            assertTrue(frames >= 70 && frames <= 75 + 60, "3 s from the key frame before its start: " + info);
            long clipStart =
                    Long.parseLong(r.headers().firstValue("X-Clip-Start").orElseThrow());
            assertTrue(clipStart <= from && clipStart >= from - 2_100, "starts at the key frame before: " + clipStart);
        }
    }
}
