package io.evex.runtime.bus.delivery;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs failures without flooding: the first one in full, then at most one summary per interval
 * with the number of failures since and the latest reason. Every failure is still counted by
 * the caller.
 */
final class FailureLog {

    private final Logger log;
    private final long intervalMs;
    private final LongSupplier clockMs;
    private long lastLoggedAt = Long.MIN_VALUE;
    private long suppressed;

    FailureLog(Logger log, long intervalMs, LongSupplier clockMs) {
        this.log = log;
        this.intervalMs = intervalMs;
        this.clockMs = clockMs;
    }

    void failure(String what) {
        long now = clockMs.getAsLong();
        if (lastLoggedAt == Long.MIN_VALUE || now - lastLoggedAt >= intervalMs) {
            if (suppressed > 0) {
                log.warn("{} ({} more like this since the last report)", what, suppressed);
            } else {
                log.warn(what);
            }
            lastLoggedAt = now;
            suppressed = 0;
        } else {
            suppressed++;
        }
    }
}
