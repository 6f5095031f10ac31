package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.TestVideos;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Clips of the cached video, as it came from the camera. */
class MediaRoutesTest extends SampleRuntimeTest {

    @Test
    void aClipIsTheCachedVideoAsItCameWithoutReencoding() throws Exception {
        Waits.until("4 s of video in the cache", Duration.ofSeconds(20), () -> cachedMillis("lobby") >= 4000);
        long to = System.currentTimeMillis();
        HttpResponse<byte[]> r = api.get("/api/v1/channels/lobby/clip.mp4?from=" + (to - 3000) + "&to=" + to, ADMIN);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("video/mp4", r.headers().firstValue("Content-Type").orElse(""));
        Path clip = dir.resolve("clip.mp4");
        Files.write(clip, r.body());
        int frames = Integer.parseInt(r.headers().firstValue("X-Clip-Frames").orElseThrow());
        String[] probe = TestVideos.probe(clip, "stream=codec_name,width,height,nb_read_frames:format=duration");
        assertEquals("h264", probe[0]);
        assertEquals("640", probe[1]);
        assertEquals("360", probe[2]);
        assertEquals(frames, Integer.parseInt(probe[3].trim()), String.join(",", probe));
        double duration = Double.parseDouble(probe[4].trim());
        assertEquals(frames / 25.0, duration, 0.001, "25 fps, no frame missing at the end: " + String.join(",", probe));
        assertTrue(duration >= 2.5, "at least the 3 s asked for, from the key frame before: " + duration);
        refused(
                api.get("/api/v1/channels/lobby/clip.mp4?from=1000&to=2000", ADMIN),
                404,
                "/channels/{id}/clip.mp4",
                "get",
                null);
    }

    /**
     * The sample (8 s, with B-frames) starts over where it began, its time going on: a clip across
     * that moment is as long as asked, and ends with every frame shown before its last one.
     */
    @Test
    void aClipAcrossTheSamplesRestartIsAsLongAsAsked() throws Exception {
        Channel lobby = channel("lobby");
        Waits.until("the sample's first loop", Duration.ofSeconds(30), () -> lobby.framesDecoded() >= 200);
        long restart = System.currentTimeMillis();
        Waits.until(
                "2.5 s after the restart", Duration.ofSeconds(10), () -> System.currentTimeMillis() >= restart + 2500);
        long from = restart - 2000;
        long to = restart + 2000;
        HttpResponse<byte[]> r = api.get("/api/v1/channels/lobby/clip.mp4?from=" + from + "&to=" + to, ADMIN);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        Path clip = dir.resolve("across-restart.mp4");
        Files.write(clip, r.body());
        String[] probe = TestVideos.probe(clip, "stream=nb_read_frames:format=duration");
        int frames = Integer.parseInt(probe[0].trim());
        double duration = Double.parseDouble(probe[1].trim());
        assertTrue(duration >= 3.8, "the 4 s asked for, from the key frame before: " + String.join(",", probe));
        assertEquals(frames / 25.0, duration, 0.001, "every frame in its place: " + String.join(",", probe));
    }

    private static long cachedMillis(String channel) {
        var cache = channel(channel).cache();
        return cache.size() == 0 ? 0 : cache.newestMillis() - cache.oldestMillis();
    }
}
