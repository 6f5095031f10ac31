package io.evex.runtime.bus;

/**
 * How a transient delivery failure is retried: exponential back-off from {@code initialBackoffMs},
 * doubling up to {@code maxBackoffMs}, at most {@code maxAttempts} attempts (0 = until stopped).
 */
public record RetryPolicy(long initialBackoffMs, long maxBackoffMs, int maxAttempts) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(100, 30_000, 0);

    public RetryPolicy {
        if (initialBackoffMs < 1 || maxBackoffMs < initialBackoffMs) {
            throw new IllegalArgumentException("retry back-off needs 1 <= initial_backoff_ms <= max_backoff_ms, got "
                    + initialBackoffMs + " and " + maxBackoffMs);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("retry max_attempts must be >= 0, got " + maxAttempts);
        }
    }

    /** Reads a {@code retry} object ({@code initial_backoff_ms}, {@code max_backoff_ms}, {@code max_attempts}) over {@code defaults}. */
    public static RetryPolicy fromJson(com.fasterxml.jackson.databind.JsonNode r, RetryPolicy defaults) {
        long initial = r.path("initial_backoff_ms").asLong(defaults.initialBackoffMs());
        return new RetryPolicy(initial, r.path("max_backoff_ms").asLong(Math.max(defaults.maxBackoffMs(), initial)),
                r.path("max_attempts").asInt(defaults.maxAttempts()));
    }

    /** The wait before retry number {@code retry} (1-based). */
    public long backoffMs(int retry) {
        long ms = initialBackoffMs;
        for (int i = 1; i < retry && ms < maxBackoffMs; i++) {
            ms *= 2;
        }
        return Math.min(ms, maxBackoffMs);
    }
}
