package io.evex.runtime.analysis.rules;

import io.evex.runtime.analysis.Detection;

/**
 * What a detection of one class must be to count, as Frigate names it: its box's area as a share
 * of the frame, its aspect ratio (width over height, in pixels) and its score. A bound of 0 is
 * no bound.
 */
public record ClassFilter(double minArea, double maxArea, double minRatio, double maxRatio, double minScore) {

    public ClassFilter {
        if (minArea < 0
                || maxArea < 0
                || maxArea > 1
                || minRatio < 0
                || maxRatio < 0
                || minScore < 0
                || minScore >= 1) {
            throw new IllegalArgumentException("min_area and max_area are shares of the frame (0..1), min_ratio and "
                    + "max_ratio >= 0, min_score in [0, 1)");
        }
        if ((maxArea > 0 && minArea > maxArea) || (maxRatio > 0 && minRatio > maxRatio)) {
            throw new IllegalArgumentException("a minimum is above its maximum");
        }
    }

    /** Whether {@code d}, found in a {@code width x height} frame, passes. */
    public boolean keeps(Detection d, int width, int height) {
        double area = d.w() * d.h();
        double ratio = d.h() <= 0 ? 0 : (d.w() * width) / (d.h() * height);
        return area >= minArea
                && (maxArea == 0 || area <= maxArea)
                && ratio >= minRatio
                && (maxRatio == 0 || ratio <= maxRatio)
                && d.confidence() >= minScore;
    }
}
