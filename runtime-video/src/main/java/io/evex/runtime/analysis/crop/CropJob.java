package io.evex.runtime.analysis.crop;

/**
 * One object's picture to cut out of a frame: whose it is, why ({@code best}: a candidate for the
 * track's best view, kept until the track ends; otherwise a {@code crop} event now), and where,
 * normalised {@code l, t, w, h}.
 */
public record CropJob(
        long trackId,
        String trackingId,
        String label,
        double confidence,
        boolean best,
        double score,
        double l,
        double t,
        double w,
        double h) {}
