package io.evex.runtime.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.media.MediaHub;
import io.evex.runtime.video.TestVideos;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Live fMP4 from real camera packets (FFmpeg-made H.264 and H.265, length-prefixed from MP4 and
 * Annex B from MPEG-TS as cameras send), read back by ffprobe and ffmpeg.
 */
class LiveVideoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A viewer that keeps what it is sent; {@code stalled} ones never finish a send. */
    static final class Recorder implements LiveViewer {
        final List<JsonNode> texts = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<ByteBuffer> binaries = new ArrayList<>();
        final List<Runnable> unfinished = new ArrayList<>();
        boolean stalled;

        @Override
        public void text(String json) {
            try {
                texts.add(JSON.readTree(json));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public synchronized void binary(ByteBuffer data, Runnable sent) {
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            bytes.write(b, 0, b.length);
            binaries.add(ByteBuffer.wrap(b));
            if (stalled) {
                unfinished.add(sent);
            } else {
                sent.run();
            }
        }

        synchronized void recover() {
            stalled = false;
            unfinished.forEach(Runnable::run);
            unfinished.clear();
        }

        Path save(Path file) throws java.io.IOException {
            return Files.write(file, bytes.toByteArray());
        }
    }

    /** What a channel hands a pass-through video exporter for a file: its track and every packet. */
    record Capture(VideoTrack track, List<VideoPacket> packets) {}

    private Capture capture(Path file) throws Exception {
        List<VideoPacket> packets = new CopyOnWriteArrayList<>();
        VideoTrack[] track = new VideoTrack[1];
        VideoExporter collector = new VideoExporter() {
            @Override
            public VideoRequest videoRequest() {
                return VideoRequest.source();
            }

            @Override
            public Set<String> passThroughCodecs() {
                return Set.of("h264", "hevc");
            }

            @Override
            public void open(VideoTrack t) {
                track[0] = t;
            }

            @Override
            public void write(VideoPacket p) {
                packets.add(p);
            }

            @Override
            public void close(String channel) {}
        };
        try (MediaHub hub = new MediaHub(List.of(), Map.of("collect", collector))) {
            Channel c = new Channel(
                            ChannelSettings.of("cam", file.toString())
                                    .withLoop(false)
                                    .withRealtime(false),
                            e -> {},
                            new EventEnvelope(),
                            hub.channel("cam", Map.of()))
                    .start();
            assertTrue(c.await(60_000), "the channel did not finish " + file);
        }
        return new Capture(track[0], packets);
    }

    private Path clip(String codec, String container, int frames) throws Exception {
        Path file = dir.resolve(codec + "." + container);
        List<String> args = new ArrayList<>(
                List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", String.valueOf(frames)));
        if (codec.equals("h264")) {
            args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p"));
        } else {
            args.addAll(List.of(
                    "-c:v",
                    "libx265",
                    "-preset",
                    "ultrafast",
                    "-x265-params",
                    "keyint=25:log-level=error",
                    "-tag:v",
                    "hvc1",
                    "-pix_fmt",
                    "yuv420p"));
        }
        args.add(file.toString());
        TestVideos.ffmpeg(args.toArray(String[]::new));
        return file;
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"h264,mp4,avc1.64", "h264,ts,avc1.64", "hevc,mp4,hvc1.1.6.L", "hevc,ts,hvc1.1.6.L"})
    void theCamerasOwnPacketsBecomeAStreamFfmpegDecodes(String codec, String container, String prefix)
            throws Exception {
        Capture cam = capture(clip(codec, container, 60));
        assertEquals(60, cam.packets().size());
        LiveVideo live = LiveVideo.source();
        Recorder viewer = new Recorder();
        try (LiveVideo.Viewing v = live.watch("cam", viewer, false)) {
            live.open(cam.track());
            cam.packets().forEach(live::write);
            live.close("cam");
        }
        assertEquals("offline", viewer.texts.get(0).get("type").asText(), "nothing to show yet: " + viewer.texts);
        JsonNode header = viewer.texts.get(1);
        assertEquals("stream", header.get("type").asText());
        String codecString = header.get("codec").asText();
        assertTrue(codecString.startsWith(prefix), codecString);
        assertEquals(
                "video/mp4; codecs=\"" + codecString + "\"", header.get("mime").asText());
        assertEquals(320, header.get("width").asInt());
        assertEquals("offline", viewer.texts.get(2).get("type").asText(), "the end of the channel is said");

        Path saved = viewer.save(dir.resolve("live-" + codec + "-" + container + ".mp4"));
        String[] probe = TestVideos.probe(saved, "stream=codec_name,width,height,nb_read_frames");
        assertEquals(List.of(codec, "320", "240", "60"), List.of(probe));
        // Every frame decodes without an error, and in presentation order on the packets' own clock.
        assertEquals("", TestVideos.run(List.of("ffmpeg", "-v", "error", "-i", saved.toString(), "-f", "null", "-")));
        String[] times = TestVideos.run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "frame=pts_time",
                        "-of",
                        "default=nw=1:nk=1",
                        saved.toString()))
                .trim()
                .split("\n");
        double first = Double.parseDouble(times[0]);
        assertEquals(first + 59 / 25.0, Double.parseDouble(times[times.length - 1]), 0.002);
        // What a browser presents (decode time + composition offset) is each packet's own pts.
        for (int i = 0; i < 60; i++) {
            ByteBuffer f = viewer.binaries.get(1 + i);
            long presented = f.getLong(60) + f.getInt(100);
            assertEquals(cam.packets().get(i).ptsMicros() * 9 / 100, presented, "frame " + i);
        }
        if (codec.equals("hevc")) {
            // The level in the codec string is the stream's own (ffprobe's level is the same number).
            String level = TestVideos.probe(saved, "stream=level")[0];
            assertTrue(codecString.contains(".L" + level), codecString + " level " + level);
        }
    }

    @Test
    void aLateViewerStartsAtTheLastKeyFrameAndDecodesFromThere() throws Exception {
        Capture cam = capture(clip("h264", "ts", 90));
        LiveVideo live = LiveVideo.source();
        live.open(cam.track());
        cam.packets().subList(0, 60).forEach(live::write); // key frames at 0, 25 and 50
        Recorder late = new Recorder();
        try (LiveVideo.Viewing v = live.watch("cam", late, false)) {
            assertEquals(1 + 10, late.binaries.size(), "the init segment and the group since frame 50");
            assertTrue(keyframe(late.binaries.get(1)), "the first fragment is a key frame");
            cam.packets().subList(60, 90).forEach(live::write);
        }
        assertEquals(
                List.of("40"), List.of(TestVideos.probe(late.save(dir.resolve("late.mp4")), "stream=nb_read_frames")));
        assertEquals(0, (Integer) live.stats().get("cam").get("viewers"), "left");
    }

    @Test
    void aStalledViewerSkipsToTheNextKeyFrameWhileTheOthersGetEveryFrame() throws Exception {
        Capture cam = capture(clip("h264", "mp4", 250));
        LiveVideo live = LiveVideo.source();
        live.open(cam.track());
        Recorder stalled = new Recorder();
        stalled.stalled = true;
        Recorder healthy = new Recorder();
        try (LiveVideo.Viewing s = live.watch("cam", stalled, false);
                LiveVideo.Viewing h = live.watch("cam", healthy, false)) {
            cam.packets().subList(0, 120).forEach(live::write);
            assertEquals(ViewerLink.LIMIT, stalled.binaries.size(), "nothing beyond its limit is in flight");
            assertTrue(
                    (Long) live.stats().get("cam").get("skips") >= 1,
                    live.stats().toString());
            stalled.recover(); // it reads again
            int before = stalled.binaries.size();
            cam.packets().subList(120, 250).forEach(live::write);
            assertTrue(keyframe(stalled.binaries.get(before)), "it resumes at a key frame");
            assertEquals(250 - 125, stalled.binaries.size() - before, "from frame 125 on, every frame");
        }
        assertEquals(1 + 250, healthy.binaries.size(), "the healthy viewer got every frame");
        assertEquals(
                List.of("250"),
                List.of(TestVideos.probe(healthy.save(dir.resolve("healthy.mp4")), "stream=nb_read_frames")));
        assertEquals(
                "",
                TestVideos.run(List.of(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-i",
                        stalled.save(dir.resolve("stalled.mp4")).toString(),
                        "-f",
                        "null",
                        "-")),
                "what the stalled viewer got decodes");
    }

    @Test
    void aChannelThatGoesOfflineAndComesBackStartsANewStreamForItsViewers() throws Exception {
        Capture cam = capture(clip("h264", "ts", 30));
        LiveVideo live = LiveVideo.source();
        Recorder viewer = new Recorder();
        live.open(cam.track());
        try (LiveVideo.Viewing v = live.watch("cam", viewer, true)) {
            cam.packets().forEach(live::write);
            live.close("cam");
            assertTrue(live.watched("cam"), "the viewer stays for the channel's return");
            live.open(cam.track());
            cam.packets().forEach(live::write);
        }
        assertEquals(
                List.of("stream", "offline", "stream"),
                viewer.texts.stream().map(t -> t.get("type").asText()).toList());
        assertEquals(2 + 60, viewer.binaries.size(), "two init segments, every fragment");
        int stream = viewer.texts.get(0).get("stream").asInt();
        for (ByteBuffer b : viewer.binaries) {
            assertEquals(stream, b.getShort(0), "multiplexed messages start with the stream's number");
        }
        assertTrue(!live.watched("cam"));
    }

    /** Whether a single-channel fragment's one sample is a sync sample (trun's sample flags). */
    private static boolean keyframe(ByteBuffer fragment) {
        // moof(8) mfhd(16) traf(8) tfhd(16) tfdt(20) trun: header 8, flags 4, count 4, offset 4, duration 4, size 4
        int flags = fragment.getInt(8 + 16 + 8 + 16 + 20 + 28);
        return (flags & 0x00010000) == 0;
    }
}
