package io.evex.runtime.analysis.track;

/**
 * How the tracker associates and keeps objects (ByteTrack's parameters).
 *
 * @param highConfidence detections at or above this take part in the first association and may start tracks
 * @param lowConfidence detections between this and {@code highConfidence} only extend existing tracks
 *     (second pass): an object that is partly hidden scores low but is still the same object
 * @param firstPassIou least overlap for a match in the first pass
 * @param secondPassIou least overlap in the second pass (stricter: the detections are less sure)
 * @param birthHits frames in a row with a detection before a track is reported
 * @param maxMissed frames without a detection before a track ends (it is predicted meanwhile, so
 *     an object hidden this long keeps its id when it reappears)
 */
public record TrackerSettings(
        double highConfidence,
        double lowConfidence,
        double firstPassIou,
        double secondPassIou,
        int birthHits,
        int maxMissed) {

    public TrackerSettings {
        if (lowConfidence < 0 || highConfidence < lowConfidence || highConfidence > 1) {
            throw new IllegalArgumentException("tracker: need 0 <= low_confidence <= high_confidence <= 1");
        }
        if (firstPassIou <= 0 || firstPassIou > 1 || secondPassIou <= 0 || secondPassIou > 1) {
            throw new IllegalArgumentException("tracker: IoU thresholds must be in (0, 1]");
        }
        if (birthHits < 1 || maxMissed < 0) {
            throw new IllegalArgumentException("tracker: birth_hits >= 1 and max_missed >= 0");
        }
    }

    /** ByteTrack's defaults, with a track reported after 3 hits and kept through 30 missed frames. */
    public static TrackerSettings defaults() {
        return new TrackerSettings(0.5, 0.1, 0.2, 0.5, 3, 30);
    }
}
