package io.evex.runtime.analysis;

/**
 * A rate filter on the source's clock: passes frames so that at most {@code fps} a second get
 * through, keeping the spacing even (never duplicates).
 */
public final class RateFilter {

    private final long intervalMicros;
    private long next = Long.MIN_VALUE;

    public RateFilter(double fps) {
        this.intervalMicros = fps > 0 ? (long) (1_000_000 / fps) : 0;
    }

    public boolean pass(long ptsMicros) {
        if (intervalMicros == 0) {
            return true;
        }
        long slack = intervalMicros / 10;
        boolean clockWentBack = next != Long.MIN_VALUE && ptsMicros < next - intervalMicros - slack;
        if (next == Long.MIN_VALUE || clockWentBack) {
            next = ptsMicros + intervalMicros;
            return true;
        }
        if (ptsMicros < next - slack) {
            return false;
        }
        // Keep an even spacing, unless frames were missing for longer than one interval.
        next = (ptsMicros - next < intervalMicros ? next : ptsMicros) + intervalMicros;
        return true;
    }
}
