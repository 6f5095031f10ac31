package io.evex.runtime.analysis.track;

import io.evex.runtime.analysis.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-object tracker in the ByteTrack style (Zhang et al., 2022): every track's box is predicted
 * by its Kalman filter, then matched to the frame's detections by overlap in two passes — confident
 * detections first, then the low-confidence ones for the tracks still unmatched, since a partly
 * hidden object scores low but is still there — each pass an optimal assignment. Detections only
 * match tracks of their own class. New tracks are reported after {@code birthHits} frames; tracks
 * missing for more than {@code maxMissed} frames end. One instance per channel, on its thread.
 */
public final class ByteTracker {

    /** What one frame changed: tracks reported for the first time, seen again, and ended. */
    public record Update(List<Track> born, List<Track> seen, List<Track> ended) {}

    private final TrackerSettings settings;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public ByteTracker(TrackerSettings settings) {
        this.settings = settings;
    }

    /** Every live track (confirmed or not), for drawing and tests. */
    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    /** Ends every track (the stream ended); returns those that had been reported. */
    public List<Track> endAll() {
        List<Track> ended = tracks.stream().filter(t -> t.confirmed).toList();
        tracks.clear();
        return ended;
    }

    public Update update(List<Detection> detections) {
        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.w() <= 0 || d.h() <= 0) {
                continue;
            }
            if (d.confidence() >= settings.highConfidence()) {
                high.add(d);
            } else if (d.confidence() >= settings.lowConfidence()) {
                low.add(d);
            }
        }
        for (Track t : tracks) {
            t.filter.predict();
            t.age++;
        }
        List<Track> born = new ArrayList<>();
        List<Track> seen = new ArrayList<>();
        boolean[] matched = new boolean[tracks.size()];

        // Pass 1: confident detections against every track (a lost one may come back).
        boolean[] highUsed = associate(tracks, matched, high, 1 - settings.firstPassIou(), born, seen);
        // Pass 2: the remaining tracks that were seen last frame, against the unsure detections.
        List<Track> recent = new ArrayList<>();
        List<Integer> recentIndex = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            if (!matched[i] && tracks.get(i).missed == 0) {
                recent.add(tracks.get(i));
                recentIndex.add(i);
            }
        }
        boolean[] recentMatched = new boolean[recent.size()];
        associate(recent, recentMatched, low, 1 - settings.secondPassIou(), born, seen);
        for (int k = 0; k < recent.size(); k++) {
            if (recentMatched[k]) {
                matched[recentIndex.get(k)] = true;
            }
        }

        List<Track> ended = dropUnmatched(matched);
        for (int j = 0; j < high.size(); j++) {
            if (!highUsed[j]) {
                Track t = new Track(nextId++, high.get(j));
                if (settings.birthHits() <= 1) {
                    t.confirmed = true;
                    born.add(t);
                }
                tracks.add(t);
            }
        }
        return new Update(born, seen, ended);
    }

    /**
     * Counts a miss for every track not matched this frame and drops those that end: an
     * unconfirmed track must be seen in consecutive frames; a confirmed one may hide a while.
     * Returns the confirmed tracks that ended.
     */
    private List<Track> dropUnmatched(boolean[] matched) {
        List<Track> ended = new ArrayList<>();
        List<Track> kept = new ArrayList<>(tracks.size());
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (!matched[i]) {
                t.missed++;
                if (!t.confirmed || t.missed > settings.maxMissed()) {
                    if (t.confirmed) {
                        ended.add(t);
                    }
                    continue;
                }
            }
            kept.add(t);
        }
        tracks.clear();
        tracks.addAll(kept);
        return ended;
    }

    /** Matches {@code detections} to the unmatched {@code candidates}; marks both sides; returns the detections used. */
    private boolean[] associate(
            List<Track> candidates,
            boolean[] matched,
            List<Detection> detections,
            double costLimit,
            List<Track> born,
            List<Track> seen) {
        boolean[] used = new boolean[detections.size()];
        if (candidates.isEmpty() || detections.isEmpty()) {
            return used;
        }
        double[][] cost = new double[candidates.size()][detections.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Track t = candidates.get(i);
            for (int j = 0; j < detections.size(); j++) {
                Detection d = detections.get(j);
                boolean eligible = !matched[i] && t.label.equals(d.label());
                cost[i][j] = eligible
                        ? 1 - Detection.iou(t.l(), t.t(), t.w(), t.h(), d.l(), d.t(), d.w(), d.h())
                        : Double.POSITIVE_INFINITY;
            }
        }
        int[] pairs = Assignment.solve(cost, costLimit);
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i] < 0) {
                continue;
            }
            Track t = candidates.get(i);
            t.matched(detections.get(pairs[i]));
            matched[i] = true;
            used[pairs[i]] = true;
            if (!t.confirmed && t.hits >= settings.birthHits()) {
                t.confirmed = true;
                born.add(t);
            } else if (t.confirmed) {
                seen.add(t);
            }
        }
        return used;
    }
}
