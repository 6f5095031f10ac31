package io.evex.runtime.analysis.rules;

/**
 * What a rule sees of a tracked object in one frame: its id, class, confidence, box (normalised
 * {@code l, t, w, h}) and the frame's time. Rules place an object at its box's bottom centre: where
 * a person's feet or a car's wheels touch the ground drawn in the zone.
 */
public record TrackPoint(
        String trackingId, String label, double confidence, double l, double t, double w, double h, long ptsMicros) {

    double x() {
        return l + w / 2;
    }

    double y() {
        return t + h;
    }
}
