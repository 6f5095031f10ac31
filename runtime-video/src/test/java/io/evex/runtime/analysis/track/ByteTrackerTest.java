package io.evex.runtime.analysis.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.analysis.Detection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tracker on scripted trajectories: ids through occlusion and crossings, with MOT-style counts. */
class ByteTrackerTest {

    private static final double W = 0.06;
    private static final double H = 0.15;

    /** A scripted object: where it truly is in each frame, and whether the detector sees it. */
    private record Truth(int object, double l, double t, boolean visible, double confidence) {}

    @Test
    void anObjectKeepsItsIdThroughATenFrameOcclusion() {
        List<List<Truth>> frames = new ArrayList<>();
        for (int f = 0; f < 80; f++) {
            boolean hidden = f >= 30 && f < 40;
            frames.add(List.of(new Truth(1, 0.1 + f * 0.008, 0.5, !hidden, 0.9)));
        }
        Metrics m = run(frames, new Random(1), 0.002);
        assertEquals(0, m.idSwitches, m.toString());
        assertEquals(1, m.tracksSeen, "one id for the object's whole life: " + m);
        assertEquals(0, m.falsePositives, m.toString());
        System.out.println("occlusion: " + m);
    }

    @Test
    void twoObjectsCrossingKeepTheirIds() {
        List<List<Truth>> frames = new ArrayList<>();
        for (int f = 0; f < 90; f++) {
            frames.add(List.of(
                    new Truth(1, 0.1 + f * 0.009, 0.40, true, 0.9), new Truth(2, 0.9 - f * 0.009, 0.43, true, 0.85)));
        }
        Metrics m = run(frames, new Random(2), 0.002);
        assertEquals(0, m.idSwitches, "crossing swapped ids: " + m);
        assertEquals(2, m.tracksSeen, m.toString());
        assertTrue(m.mota() > 0.9, m.toString());
        System.out.println("crossing: " + m);
    }

    @Test
    void lowConfidenceDetectionsKeepAPartlyHiddenObjectAlive() {
        List<List<Truth>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            double confidence = f >= 20 && f < 50 ? 0.3 : 0.9; // half behind a pillar for 30 frames
            frames.add(List.of(new Truth(1, 0.2 + f * 0.005, 0.3, true, confidence)));
        }
        TrackerSettings quickToForget = new TrackerSettings(0.5, 0.1, 0.2, 0.5, 3, 5);
        Metrics m = run(frames, new Random(3), 0.001, quickToForget);
        assertEquals(1, m.tracksSeen, "the second pass kept it although it missed 30 confident detections: " + m);
        assertEquals(0, m.misses - 2, "only the frames before birth are missed: " + m);
    }

    @Test
    void tracksEndAfterTheirMissedFramesAndClassesNeverMix() {
        ByteTracker tracker = new ByteTracker(new TrackerSettings(0.5, 0.1, 0.2, 0.5, 2, 3));
        Detection person = new Detection(0.4, 0.4, W, H, "person", 0.9);
        Detection car = new Detection(0.41, 0.4, W, H, "car", 0.9);
        tracker.update(List.of(person, car));
        ByteTracker.Update second = tracker.update(List.of(person, car));
        assertEquals(2, second.born().size(), "one track per class, though the boxes overlap");
        int frames = 0;
        ByteTracker.Update u;
        do {
            u = tracker.update(List.of());
            frames++;
        } while (u.ended().isEmpty() && frames < 10);
        assertEquals(4, frames, "ended after more than 3 missed frames");
        assertEquals(2, u.ended().size());
        assertTrue(tracker.tracks().isEmpty());
    }

    // --- a small MOT evaluation: ground truth matched to tracks by IoU >= 0.5 each frame

    private static final class Metrics {
        int groundTruth;
        int misses;
        int falsePositives;
        int idSwitches;
        int fragmentations;
        int tracksSeen;

        double mota() {
            return 1 - (double) (misses + falsePositives + idSwitches) / groundTruth;
        }

        @Override
        public String toString() {
            return String.format(
                    "GT %d, misses %d, false positives %d, ID switches %d, fragmentations %d, ids %d, MOTA %.3f",
                    groundTruth, misses, falsePositives, idSwitches, fragmentations, tracksSeen, mota());
        }
    }

    /** What a detector reports of the visible objects: their boxes, a little off. */
    private static List<Detection> detections(List<Truth> frame, Random noise, double jitter) {
        List<Detection> detections = new ArrayList<>();
        for (Truth t : frame) {
            if (t.visible) {
                detections.add(new Detection(
                        t.l + noise.nextGaussian() * jitter,
                        t.t + noise.nextGaussian() * jitter,
                        W,
                        H,
                        "person",
                        t.confidence));
            }
        }
        return detections;
    }

    private static Metrics run(List<List<Truth>> frames, Random noise, double jitter) {
        return run(frames, noise, jitter, TrackerSettings.defaults());
    }

    private static Metrics run(List<List<Truth>> frames, Random noise, double jitter, TrackerSettings settings) {
        ByteTracker tracker = new ByteTracker(settings);
        Metrics m = new Metrics();
        Map<Integer, Long> lastId = new HashMap<>();
        Map<Integer, Boolean> wasTracked = new HashMap<>();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (List<Truth> frame : frames) {
            List<Detection> detections = detections(frame, noise, jitter);
            tracker.update(detections);
            List<Track> reported = tracker.tracks().stream()
                    .filter(t -> t.confirmed && t.missed == 0)
                    .toList();
            boolean[] used = new boolean[reported.size()];
            for (Truth t : frame) {
                if (!t.visible) {
                    continue;
                }
                m.groundTruth++;
                int best = -1;
                double bestIou = 0.5;
                for (int i = 0; i < reported.size(); i++) {
                    Track r = reported.get(i);
                    double iou = Detection.iou(t.l, t.t, W, H, r.l(), r.t(), r.w(), r.h());
                    if (!used[i] && iou >= bestIou) {
                        best = i;
                        bestIou = iou;
                    }
                }
                if (best < 0) {
                    m.misses++;
                    if (Boolean.TRUE.equals(wasTracked.get(t.object))) {
                        m.fragmentations++;
                    }
                    wasTracked.put(t.object, false);
                    continue;
                }
                used[best] = true;
                long id = reported.get(best).id();
                ids.add(id);
                Long before = lastId.put(t.object, id);
                if (before != null && before != id) {
                    m.idSwitches++;
                }
                wasTracked.put(t.object, true);
            }
            for (boolean u : used) {
                if (!u) {
                    m.falsePositives++;
                }
            }
        }
        m.tracksSeen = ids.size();
        return m;
    }
}
