package io.evex.api.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Failed sign-ins counted per client address (HTTP tokens, RTSP logins): after {@code maxFailures}
 * within {@code window}, the address is refused — 429 or 503 with {@code Retry-After} — until that
 * window has passed since its first failure. A success does not clear it: one valid token must not
 * buy a guesser of others more attempts. The table is bounded
 * (the oldest addresses go first), so a scan from many addresses cannot grow it without end.
 */
public final class LoginThrottle {

    private static final int MAX_ADDRESSES = 10_000;

    private record Record(long firstMillis, int failures) {}

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Whether any address has failed: most requests then skip the lock. */
    private volatile boolean tracking;

    private final Map<String, Record> byAddress = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(int maxFailures, Duration window) {
        this(maxFailures, window, System::currentTimeMillis);
    }

    /** With a clock of its own (tests). */
    public LoginThrottle(int maxFailures, Duration window, LongSupplier clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("failed_logins must be at least 1, not " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Seconds {@code address} must wait before it may try again, or 0 when it may try now (counted when not). */
    public long retryAfterSeconds(String address) {
        return tracking ? check(address) : 0;
    }

    private synchronized long check(String address) {
        Record r = current(address);
        if (r == null || r.failures() < maxFailures) {
            return 0;
        }
        refused.incrementAndGet();
        return Math.max(1, (r.firstMillis() + windowMillis - clock.getAsLong() + 999) / 1000);
    }

    /** Counts a failed sign-in from {@code address}. */
    public synchronized void failed(String address) {
        failed.incrementAndGet();
        tracking = true;
        Record r = current(address);
        byAddress.put(
                address, r == null ? new Record(clock.getAsLong(), 1) : new Record(r.firstMillis(), r.failures() + 1));
    }

    /** Failed sign-ins so far. */
    public long failures() {
        return failed.get();
    }

    /** Attempts refused because their address had failed too often. */
    public long refusals() {
        return refused.get();
    }

    private Record current(String address) {
        Record r = byAddress.get(address);
        if (r != null && clock.getAsLong() - r.firstMillis() >= windowMillis) {
            byAddress.remove(address);
            return null;
        }
        return r;
    }
}
