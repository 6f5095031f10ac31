package io.evex.runtime.analysis.rules;

import java.util.Set;

/**
 * Which objects a rule considers: classes (empty = all), least confidence, least box size (a share
 * of the image's area, so far-away specks can be ignored).
 */
public record ObjectFilter(Set<String> classes, double minConfidence, double minSize) {

    public static final ObjectFilter ANY = new ObjectFilter(Set.of(), 0, 0);

    public ObjectFilter {
        classes = Set.copyOf(classes);
    }

    boolean accepts(TrackPoint p) {
        return (classes.isEmpty() || classes.contains(p.label()))
                && p.confidence() >= minConfidence
                && p.w() * p.h() >= minSize;
    }
}
