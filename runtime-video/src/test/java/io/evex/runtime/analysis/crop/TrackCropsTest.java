package io.evex.runtime.analysis.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.FrameMeta;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.analysis.track.ByteTracker;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.analysis.track.TrackerSettings;
import io.evex.runtime.event.EventEnvelope;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which pictures a track gets and when they are reported: the policy, with a cropper that "cuts"
 * at once (the real cutting is FFmpeg's, tested in {@code CropEncoderTest} and end to end).
 */
class TrackCropsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Cuts every job at once into a 1-byte "picture" of the box's size at 1000x1000; can be made to refuse. */
    private static class InstantCropper implements Cropper {
        final List<CropJob> asked = new ArrayList<>();
        final List<Cut> ready = new ArrayList<>();
        boolean full;

        @Override
        public boolean cut(AnalysisFrame frame, List<CropJob> jobs) {
            if (full) {
                return false;
            }
            for (CropJob j : jobs) {
                asked.add(j);
                ready.add(new Cut(
                        j,
                        FrameStamp.of(frame),
                        new byte[] {1},
                        (int) Math.round(j.w() * 1000),
                        (int) Math.round(j.h() * 1000),
                        new Colour("red", 0.9, 200, 40, 30)));
            }
            return true;
        }

        @Override
        public List<Cut> done() {
            List<Cut> out = List.copyOf(ready);
            ready.clear();
            return out;
        }

        @Override
        public void drain(long timeoutMillis) {}
    }

    private static final class Events implements StageContext {
        final EventEnvelope envelope = new EventEnvelope();
        final List<ObjectNode> emitted = new ArrayList<>();
        final FrameMeta meta = new FrameMeta();

        @Override
        public String name() {
            return "crops";
        }

        @Override
        public FrameMeta meta() {
            return meta;
        }

        @Override
        public void next(AnalysisFrame frame) {}

        @Override
        public ObjectNode event(String type, int version, AnalysisFrame frame) {
            return envelope.start(
                    type, version, frame.channel(), frame.frameId(), frame.ptsMicros() / 1e6, frame.epochMillis());
        }

        @Override
        public void emit(ObjectNode event) {
            emitted.add(event);
        }

        @Override
        public void overlay(float[] boxes) {}

        List<ObjectNode> of(String type) {
            return emitted.stream()
                    .filter(e -> e.get("$id").asText().equals(type))
                    .toList();
        }
    }

    /** An object growing from 5 % to 35 % of the picture across over 5 s at 25 fps, then gone. */
    private static List<Detection> walker(int frame) {
        double size = 0.05 + 0.3 * frame / 125;
        return frame < 125
                ? List.of(new Detection(0.1 + frame * 0.002, 0.2, size, size * 1.5, "person", 0.8))
                : List.of();
    }

    private static Events run(CropSettings settings, InstantCropper cropper, int frames) {
        Events events = new Events();
        TrackCrops crops = new TrackCrops(settings, cropper);
        ByteTracker tracker = new ByteTracker(new TrackerSettings(0.5, 0.1, 0.2, 0.5, 2, 5));
        for (int f = 1; f <= frames; f++) {
            FrameStamp frame = new FrameStamp("cam", f, f * 40_000L, 1_000_000L + f * 40, 1000, 1000);
            crops.collect(events);
            ByteTracker.Update u = tracker.update(walker(f));
            u.ended().forEach(t -> crops.ended(events, t));
            List<Track> found = new ArrayList<>(u.born());
            found.addAll(u.seen());
            crops.seen(frame, found);
        }
        tracker.endAll().forEach(t -> crops.ended(events, t));
        crops.finish(events);
        return events;
    }

    @Test
    void cropsAtBirthThenEveryIntervalAndTheBiggestViewAtTheEnd() throws Exception {
        InstantCropper cropper = new InstantCropper();
        Events events = run(new CropSettings(2000, true, true, 85, 640), cropper, 160);
        List<ObjectNode> crops = events.of("crop");
        // ~5 s of track: at birth, then at +2 s and +4 s.
        assertEquals(3, crops.size(), crops.toString());
        assertEquals(
                2.0,
                crops.get(1).get("frame_time").asDouble()
                        - crops.get(0).get("frame_time").asDouble(),
                0.05);
        List<ObjectNode> best = events.of("best-crop");
        assertEquals(1, best.size(), "one best view per track");
        // The object grows: its best view is one of the last, far bigger than the first picture.
        assertTrue(
                best.get(0).get("frame_id").asInt() > 100,
                best.get(0).get("frame_id").toString());
        assertTrue(
                best.get(0).at("/image/width").asInt()
                        > 2 * crops.get(0).at("/image/width").asInt(),
                best.get(0).get("image").toString());
        long bestCandidates = cropper.asked.stream().filter(CropJob::best).count();
        assertTrue(bestCandidates <= 6, "best candidates at most once a second: " + bestCandidates);
        assertEquals(1, events.of("attribute").size(), "the colour is reported once while it stays the same");
        EventCatalog catalog = EventCatalog.load();
        for (ObjectNode e : events.emitted) {
            JsonNode parsed = JSON.readTree(e.toString());
            assertEquals(List.of(), catalog.validate(parsed, "crops", 0), e.toString());
            assertEquals("t-1", parsed.get("ref_tracking_id").asText());
        }
    }

    @Test
    void noCropEventsButStillTheBestViewAndAttributes() {
        Events events = run(new CropSettings(0, true, true, 85, 640), new InstantCropper(), 160);
        assertEquals(0, events.of("crop").size());
        assertEquals(1, events.of("best-crop").size());
        assertEquals(1, events.of("attribute").size());
    }

    @Test
    void aFullCropperSkipsAndTheBestViewIsAskedForAgainLater() {
        InstantCropper cropper = new InstantCropper() {
            int calls;

            @Override
            public boolean cut(AnalysisFrame frame, List<CropJob> jobs) {
                full = ++calls % 2 == 1; // every other request is refused
                return super.cut(frame, jobs);
            }
        };
        Events events = run(new CropSettings(2000, true, false, 85, 640), cropper, 160);
        assertEquals(1, events.of("best-crop").size(), "a refused candidate does not lose the best view");
        assertTrue(events.of("best-crop").get(0).get("frame_id").asInt() > 100);
    }

    @Test
    void offTakesNoPictures() {
        InstantCropper cropper = new InstantCropper();
        Events events = run(CropSettings.OFF, cropper, 160);
        assertEquals(List.of(), cropper.asked);
        assertEquals(List.of(), events.emitted);
    }
}
