package io.evex.runtime.analysis.track;

import java.util.List;

/** The tracked boxes as annotated outputs draw them: clamped to the picture, labelled with class and id. */
final class TrackBoxes {

    private TrackBoxes() {}

    static String[] labels(List<Track> shown) {
        String[] labels = new String[shown.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = shown.get(i).label() + " " + shown.get(i).id();
        }
        return labels;
    }

    static float[] boxes(List<Track> shown) {
        float[] boxes = new float[shown.size() * 4];
        for (int i = 0; i < shown.size(); i++) {
            Track t = shown.get(i);
            boxes[i * 4] = (float) clamp(t.l());
            boxes[i * 4 + 1] = (float) clamp(t.t());
            boxes[i * 4 + 2] = (float) Math.min(t.w(), 1 - clamp(t.l()));
            boxes[i * 4 + 3] = (float) Math.min(t.h(), 1 - clamp(t.t()));
        }
        return boxes;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
