package io.evex.runtime.event;

/** How numbers are written into events. */
final class Numbers {

    private Numbers() {}

    /** A share of the image (0..1), clamped and kept to four decimals: finer is noise, and shorter JSON. */
    static double share(double v) {
        return Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000.0;
    }

    /** {@code v} rounded to two decimals. */
    /** Four decimals, unclamped (speeds, seconds). */
    static double tenThousandths(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static double cents(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
