package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.media.Recording;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.TestVideos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback by time (issue 25 point 4): an HLS VOD playlist over three recorded segments and a gap,
 * read by ffprobe with the duration the segments hold, with the channel's token in the playlist's URL.
 */
class RecordingPlaybackTest {

    private static final String ADMIN = "playback-test-admin-0123456789";

    @TempDir
    Path dir;

    @Test
    void aPlaylistCrossingThreeSegmentsAndAGapPlaysWithTheirDuration() throws Exception {
        ChannelSettings lobby =
                ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(true).withRealtime(true);
        try (MediaPipeline p =
                new MediaPipeline(dir, ADMIN, List.of(lobby), "mp4:path=rec/{sys.count}.mp4,segment=1s")) {
            VideoExporter mp4 = (VideoExporter) p.evex().bus().exporter("mp4");
            Waits.until(
                    "five segments",
                    Duration.ofSeconds(30),
                    () -> mp4.recordings("lobby").size() >= 5);
            List<Recording> all = mp4.recordings("lobby");
            Files.delete(all.get(1).file()); // a gap
            Recording first = all.get(0);
            Recording last = all.get(3);
            long expected = (first.endMillis() - first.startMillis())
                    + (all.get(2).endMillis() - all.get(2).startMillis())
                    + (last.endMillis() - last.startMillis());
            // a busy machine can end a segment's span a little after the next one began: stop at that start
            long to = Math.min(last.endMillis(), all.get(4).startMillis());
            URI playlist = p.evex()
                    .http()
                    .baseUri()
                    .resolve("api/v1/channels/lobby/recordings/playback.m3u8?from=" + first.startMillis() + "&to=" + to
                            + "&token=" + ADMIN);
            HttpResponse<String> m3u8 = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(playlist).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, m3u8.statusCode(), m3u8.body());
            assertEquals(3, m3u8.body().split("#EXTINF", -1).length - 1, m3u8.body());
            assertTrue(m3u8.body().contains("#EXT-X-DISCONTINUITY"), "the gap is marked: " + m3u8.body());
            assertTrue(m3u8.body().contains("&token="), "segments carry the token of the playlist's URL");
            String out = TestVideos.run(List.of(
                    "ffprobe",
                    "-v",
                    "error",
                    "-show_entries",
                    "format=duration",
                    "-of",
                    "csv=p=0",
                    playlist.toString()));
            double seconds = Double.parseDouble(out.trim());
            assertEquals(expected / 1000.0, seconds, 1.2, "ffprobe reads the three segments: " + out);
            assertEquals(
                    401,
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(
                                                    playlist.toString().replace("&token=" + ADMIN, "")))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode(),
                    "the channel's tokens guard it");
        }
    }
}
