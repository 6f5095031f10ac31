package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.video.TestVideos;
import io.evex.schemas.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evex run} on video as a process: the default pipeline, unreadable channels, a killed recording. */
class CliVideoIT {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventCatalog catalog = EventCatalog.load();

    /** ffprobe's {@code entries} of the first video stream of {@code file}, as CSV fields. */
    static String[] probe(Path file, String entries) throws Exception {
        return TestVideos.probe(file, "stream=" + entries);
    }

    @Test
    void theDefaultRunPlaysTheSampleDetectsMotionRecordsMp4AndServesHls() throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--duration", "11s", "--http-port", "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out().contains("channel 'lobby' from the bundled sample video, motion detection on"), r.toString());
        assertTrue(r.out().contains("exporter 'json' (json) -> out/{obj.channel}/events.jsonl"), r.toString());
        assertTrue(r.out().contains("exporter 'mp4' (mp4) -> out/{obj.channel}/video/"), r.toString());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*exporter 'hls' \\(hls\\)\n.*evex:   lobby: http://localhost:\\d+/hls/lobby/index\\.m3u8\n.*"),
                r.toString());

        theEventsTellTheSamplesScene(Files.readAllLines(dir.resolve("out/lobby/events.jsonl")));
        theRecordingsAreWhole();
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    /**
     * Motion, then the default scene: the walker is tracked, crosses the middle line left to right,
     * enters the zone on the right and leaves it, firing every rule, with crops of its box.
     */
    private void theEventsTellTheSamplesScene(List<String> lines) throws Exception {
        long motion = 0;
        Map<String, List<JsonNode>> byType = new TreeMap<>();
        for (String line : lines) {
            JsonNode event = mapper.readTree(line);
            assertEquals(List.of(), catalog.validate(event, "events.jsonl", 0), line);
            motion += event.get("$id").asText().equals("event-motion") ? 1 : 0;
            byType.computeIfAbsent(event.get("$id").asText(), t -> new ArrayList<>())
                    .add(event);
        }
        assertTrue(motion >= 3, "the object crossing between 2 and 6 s: " + motion + " motion events");
        // The default scene: the walker is tracked, crosses the middle line left to right, enters the
        // zone on the right and leaves it (its track ends once it has walked out of the picture).
        List<JsonNode> tracks = byType.getOrDefault("track", List.of());
        assertTrue(tracks.size() >= 5, "track events: " + byType.keySet());
        assertEquals("new", tracks.get(0).get("state").asText());
        assertTrue(tracks.stream().anyMatch(t -> t.get("state").asText().equals("end")), tracks.toString());
        JsonNode crossing = byType.get("event-line-crossing").get(0);
        assertEquals("middle", crossing.get("line").asText());
        assertEquals("a-b", crossing.get("crossing_direction").asText());
        assertEquals(tracks.get(0).get("tracking_id"), crossing.get("tracking_id"), "the same object");
        assertEquals("right", byType.get("event-area-enter").get(0).get("zone").asText());
        assertEquals("right", byType.get("event-area-exit").get(0).get("zone").asText());
        assertTrue(
                byType.get("event-line-crossing").get(0).get("frame_time").asDouble()
                        < byType.get("event-area-enter")
                                .get(0)
                                .get("frame_time")
                                .asDouble(),
                "the line in the middle comes before the zone on the right");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"statistics\"")), "a statistics event after 10 s");
        // The zone is an intrusion zone with a 1 s loitering time and an occupancy of 0: every rule fires.
        for (String type : List.of(
                "event-intrusion",
                "event-intrusion-end",
                "event-loitering",
                "event-loitering-end",
                "event-occupancy",
                "crop",
                "best-crop",
                "attribute")) {
            assertTrue(byType.containsKey(type), type + " missing from " + byType.keySet());
        }
        java.util.Set<String> tracked = new java.util.HashSet<>();
        tracks.forEach(t -> tracked.add(t.get("tracking_id").asText()));
        for (String type : List.of("crop", "best-crop")) {
            for (JsonNode crop : byType.get(type)) {
                assertPictureOfTheBox(crop, 640, 360);
                String ref = crop.get("ref_tracking_id").asText();
                assertTrue(tracked.contains(ref), ref + " is no tracked object: " + tracked);
            }
        }
        JsonNode colour = byType.get("attribute").get(0).get("attributes").get(0);
        assertEquals("color", colour.get("name").asText());
        assertEquals("red", colour.get("value").asText(), "the sample's walker is a red block: " + colour);
    }

    /** The MP4 holds ~11 s of the sample; the stopped HLS playlist is closed. */
    private void theRecordingsAreWhole() throws Exception {
        Path mp4;
        try (var files = Files.list(dir.resolve("out/lobby/video"))) {
            mp4 = files.findFirst().orElseThrow();
        }
        String[] fields = probe(mp4, "codec_name,width,height,nb_read_frames");
        String probe = String.join(",", fields);
        assertEquals("h264,640,360", fields[0] + "," + fields[1] + "," + fields[2], probe);
        assertTrue(Integer.parseInt(fields[3]) >= 230, "~11 s at 25 fps: " + probe);
        String playlist = Files.readString(dir.resolve("out/hls/lobby/index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), "a stopped stream's playlist is closed: " + playlist);
    }

    /** A crop event's picture decodes as a JPEG of the size it says, which is its box's size in the frame. */
    static void assertPictureOfTheBox(JsonNode crop, int frameWidth, int frameHeight) throws Exception {
        JsonNode image = crop.get("image");
        byte[] jpeg = java.util.Base64.getDecoder().decode(image.get("data").asText());
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertTrue(picture != null, "not a JPEG: " + crop.get("$id") + " " + crop.get("frame_id"));
        assertEquals(image.get("width").asInt(), picture.getWidth());
        assertEquals(image.get("height").asInt(), picture.getHeight());
        double boxWidth = crop.at("/location/width").asDouble() * frameWidth;
        double boxHeight = crop.at("/location/height").asDouble() * frameHeight;
        assertEquals(boxWidth, picture.getWidth(), 3, "the box's width in pixels: " + crop.get("location"));
        assertEquals(boxHeight, picture.getHeight(), 3, "the box's height in pixels: " + crop.get("location"));
    }

    @Test
    void aChannelThatCannotBeReadEndsTheRunWithAClearErrorAndExitCode1() throws Exception {
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--channel", "door=missing.mp4", "--no-http");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.err().contains("channel 'door': cannot open ")
                        && r.err().contains("missing.mp4: No such file or directory"),
                r.toString());
        assertTrue(r.out().contains("every channel has ended"), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
        EvexProcess.Result bad = EvexProcess.run(dir, "run", "--channel", "nameless");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--channel 'nameless' must be NAME=URL"), bad.toString());
    }

    @Test
    void anMp4RecordingSurvivesARuntimeKilledWithSigkill() throws Exception {
        Process p = EvexProcess.start(dir, "run", "--no-http", "--export", "mp4:path=rec.mp4,segment=0s");
        Path file = dir.resolve("rec.mp4");
        io.evex.runtime.testing.Waits.value(
                "60 kB recorded", java.time.Duration.ofSeconds(60), () -> Files.size(file) >= 60_000 ? file : null);
        Thread.sleep(1_000);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        String probe = String.join(",", probe(file, "codec_name,nb_read_frames"));
        assertTrue(probe.startsWith("h264,"), probe);
        assertTrue(Integer.parseInt(probe.split(",")[1]) >= 50, "at least 2 s of video readable: " + probe);
        // Every fragment on disk decodes without an error.
        TestVideos.run(
                List.of("ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-"));
    }

    @Test
    void aSubStreamIsAnalysedWhileTheMainStreamIsRecorded() throws Exception {
        AstronautScene.assumeReady();
        Path pan = AstronautScene.pannedVideo(dir);
        // One scene at two sizes, as a camera sends its main stream and its sub-stream.
        TestVideos.ffmpeg(
                "-i",
                pan.toString(),
                "-vf",
                "scale=1280:720",
                "-c:v",
                "libx264",
                dir.resolve("main.mp4").toString());
        TestVideos.ffmpeg(
                "-i",
                pan.toString(),
                "-vf",
                "scale=640:360",
                "-c:v",
                "libx264",
                dir.resolve("sub.mp4").toString());
        Files.writeString(dir.resolve("evex.yaml"), """
                channels:
                  - name: gate
                    loop: false
                    inputs:
                      - {url: sub.mp4, roles: [detect]}
                      - {url: main.mp4, roles: [record, live]}
                    detector: {type: onnx, model: %s, classes: [person]}
                exporters:
                  - {type: json, settings: {path: events.jsonl}}
                  - {type: mp4, settings: {path: rec.mp4, segment: 0s}}
                """.formatted(AstronautScene.model()));
        EvexProcess.Result r = EvexProcess.run(dir, "run", "--config", "evex.yaml", "--no-http");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("detect input online") || r.out().contains("detect input online"), r.toString());
        List<JsonNode> tracks = new ArrayList<>();
        int crops = 0;
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode e = mapper.readTree(line);
            if (e.get("$id").asText().equals("track")) {
                tracks.add(e);
            }
            if (e.get("$id").asText().equals("crop")) {
                // Nothing decodes the main stream here (it is recorded as it comes): cut from the sub-stream.
                assertPictureOfTheBox(e, 640, 360);
                crops++;
            }
        }
        assertTrue(crops > 0, "crops of the person");
        assertTrue(
                tracks.stream().anyMatch(t -> t.at("/object/class").asText().equals("person")),
                "tracked on the sub-stream");
        assertEquals(
                List.of("1280", "720"),
                List.of(probe(dir.resolve("rec.mp4"), "width,height")),
                "the main stream recorded");
    }

    @Test
    void aDetectorModelFindsAndTracksThePersonInAPhotoTurnedIntoVideo() throws Exception {
        AstronautScene.assumeReady();
        Path model = AstronautScene.model();
        Path photo = AstronautScene.photo();
        Path video = AstronautScene.pannedVideo(dir);
        EvexProcess.Result r = EvexProcess.run(
                dir,
                "run",
                "--channel",
                "astro=" + video,
                "--no-loop",
                "--no-http",
                "--export",
                "json:path=events.jsonl",
                "--detector",
                "onnx:model=" + model + ",classes=person+car");
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> tracks = new ArrayList<>();
        List<JsonNode> crops = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode e = mapper.readTree(line);
            assertEquals(List.of(), catalog.validate(e, "events.jsonl", 0), line);
            if (e.get("$id").asText().equals("track")) {
                tracks.add(e);
            }
            if (e.get("$id").asText().endsWith("crop")) {
                crops.add(e);
            }
        }
        // Her pictures are cut from the frames the detector saw (held while it ran), at her box's size.
        assertTrue(crops.stream().anyMatch(c -> c.get("$id").asText().equals("crop")), "crops: " + crops.size());
        assertTrue(crops.stream().anyMatch(c -> c.get("$id").asText().equals("best-crop")), "a best-crop");
        for (JsonNode crop : crops) {
            assertPictureOfTheBox(crop, 600, 600);
            assertEquals("person", crop.get("object_class").asText());
        }
        assertTrue(!tracks.isEmpty(), "no track: " + r);
        assertTrue(tracks.stream().allMatch(t -> t.at("/object/class").asText().equals("person")), tracks.toString());
        assertEquals(
                1,
                tracks.stream()
                        .map(t -> t.get("tracking_id").asText())
                        .distinct()
                        .count(),
                "one person, one id");
        assertTrue(tracks.get(0).at("/box/w").asDouble() > 0.5, "she fills most of the picture: " + tracks.get(0));

        EvexProcess.Result missing = EvexProcess.run(
                dir,
                "run",
                "--channel",
                "astro=" + video,
                "--no-loop",
                "--no-http",
                "--detector",
                "onnx:model=nowhere.onnx");
        assertEquals(1, missing.exit(), "invalid input: " + missing);
        assertTrue(missing.err().contains("nowhere.onnx does not exist"), missing.toString());
    }
}
