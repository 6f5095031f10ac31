package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.media.Recording;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings that run for months (issue 25 points 1–3), with retention in seconds: continuous
 * segments go after their time, a segment an event touched outlives them, a budget is never exceeded
 * by more than a segment, and the on-disk index lists across restarts a segment cut short by a kill.
 */
class RecordingRetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "recordings-test-admin-0123456789";

    @TempDir
    Path dir;

    private static ChannelSettings lobby() {
        return ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(true).withRealtime(true);
    }

    private static List<Recording> recordings(MediaPipeline p) {
        return ((VideoExporter) p.evex().bus().exporter("mp4")).recordings("lobby");
    }

    private static List<Path> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.toString().endsWith(".mp4")).sorted().toList();
        }
    }

    private static long deleted(MediaPipeline p) {
        return ((Number) p.stats("mp4").details().getOrDefault("recordings.lobby.deleted", 0)).longValue();
    }

    /** Whether {@code kept} is listed and a gap follows it (the continuous segments after it went). */
    private static boolean gapAfter(List<Recording> now, Path kept) {
        for (int i = 0; i + 1 < now.size(); i++) {
            if (now.get(i).file().equals(kept)) {
                return now.get(i + 1).startMillis() - now.get(i).endMillis() > 1_500;
            }
        }
        return false;
    }

    private static List<Path> filesQuietly(Path folder) {
        try {
            return files(folder);
        } catch (Exception e) {
            return List.of(); // a file deleted while listed: the next sample sees the folder again
        }
    }

    @Test
    void continuousSegmentsGoAfterTheirTimeAndEventSegmentsStay() throws Exception {
        try (MediaPipeline p = new MediaPipeline(
                dir,
                ADMIN,
                List.of(lobby()),
                "mp4:path=rec/{obj.channel}/{sys.count}.mp4,segment=1s,retain.continuous=3s,retain.events=60s,"
                        + "retain.event_types=metadata,sweep_interval=300ms")) {
            Waits.until(
                    "a second segment",
                    Duration.ofSeconds(20),
                    () -> recordings(p).size() >= 2);
            ObjectNode mark = JSON.createObjectNode()
                    .put("$id", "metadata")
                    .put("$version", 1)
                    .put("channel", "lobby")
                    .put("system_timestamp", System.currentTimeMillis())
                    .put("source", "test");
            mark.putObject("data").put("note", "keep this one");
            p.evex().bus().publish(mark);
            Path kept = recordings(p).get(recordings(p).size() - 1).file();
            // Several segments come and go around it: wait until the one after it is past its time too.
            Waits.until(
                    "the segments after the kept one to pass their time",
                    Duration.ofSeconds(30),
                    () -> deleted(p) >= 2 && gapAfter(recordings(p), kept));
            List<Path> left = files(dir.resolve("rec/lobby"));
            assertTrue(left.contains(kept), "the segment with the event stays: " + left + " / " + kept);
            long now = System.currentTimeMillis();
            for (Recording r : recordings(p)) {
                boolean old = now - r.endMillis() > 3_000 + 1_500; // its time and a sweep or two
                assertFalse(old && !r.file().equals(kept), "a continuous segment past its time: " + r);
            }
            assertTrue(deleted(p) >= 2);
            assertEquals(recordings(p).size(), left.size(), "the index and the folder agree");

            // By time: the kept segment, a gap where the continuous ones went, then the recent ones.
            var answer = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(p.evex()
                                            .http()
                                            .baseUri()
                                            .resolve("api/v1/channels/lobby/recordings?from="
                                                    + (System.currentTimeMillis() - 3_600_000)))
                                    .header("Authorization", "Bearer " + ADMIN)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            var spans = JSON.readTree(answer.body());
            assertTrue(spans.get("spans").size() >= 2, answer.body());
            long firstEnd = spans.at("/spans/0/to").asLong();
            long secondStart = spans.at("/spans/1/from").asLong();
            assertTrue(
                    spans.get("gaps").toString().contains("\"from\":" + firstEnd + ",\"to\":" + secondStart),
                    answer.body());
        }
    }

    @Test
    void aBudgetIsNeverExceededByMoreThanOneSegment() throws Exception {
        long budget = 12 * 1024; // the sample is about 2.7 KB a second
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(lobby()),
                "mp4:path=small/{sys.count}.mp4,segment=1s,max_size=12KB,sweep_interval=200ms")) {
            long[] largest = {0};
            long[] worst = {0};
            long end = System.currentTimeMillis() + 10_000;
            // sampled every 100 ms for 10 s, whatever the condition says
            Waits.until("10 s of sampling", Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
                long total = 0;
                for (Path f : filesQuietly(dir.resolve("small"))) {
                    long size = f.toFile().length();
                    total += size;
                    largest[0] = Math.max(largest[0], size);
                }
                worst[0] = Math.max(worst[0], total);
                return System.currentTimeMillis() >= end;
            });
            assertTrue(worst[0] > budget / 2, "enough was recorded to test the budget: " + worst[0]);
            assertTrue(
                    worst[0] <= budget + largest[0],
                    "at most one segment over " + budget + ": " + worst[0] + " (largest " + largest[0] + ")");
            assertTrue(((Number) p.stats("mp4").details().get("recordings.deleted_for_budget")).longValue() > 0);
        }
    }

    @Test
    void theIndexSurvivesARestartWithASegmentCutShortByAKill() throws Exception {
        String export = "mp4:path=cut/{sys.count}.mp4,segment=2s";
        Path first;
        try (MediaPipeline p = new MediaPipeline(dir, List.of(lobby()), export)) {
            Waits.until(
                    "two segments", Duration.ofSeconds(20), () -> recordings(p).size() >= 3);
            first = recordings(p).get(0).file();
        }
        // What a kill leaves: a segment opened and never ended, its last fragment cut in the middle.
        Path cut = dir.resolve("cut/killed.mp4");
        byte[] whole = Files.readAllBytes(first);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        long start = System.currentTimeMillis() - 60_000;
        Files.writeString(
                dir.resolve("cut/.recordings/lobby.jsonl"),
                "{\"open\":\"killed.mp4\",\"start\":" + start + "}\n{\"file\":\"cut-in-half",
                StandardOpenOption.APPEND);
        try (MediaPipeline p = new MediaPipeline(dir, List.of(lobby()), export)) {
            Recording killed = recordings(p).stream()
                    .filter(r -> r.file().getFileName().toString().equals("killed.mp4"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the cut segment is listed: " + recordings(p)));
            assertEquals(start, killed.startMillis());
            assertTrue(killed.endMillis() - start >= 500, "its span is read from its fragments: " + killed);
            assertTrue(recordings(p).stream().anyMatch(r -> r.file().equals(first)), "the earlier run's segments too");
            double played = MediaPipeline.probe(cut.toString()).get("frames").asDouble();
            assertTrue(played > 10, "the cut file plays to its last fragment: " + played + " frames");
        }
    }
}
