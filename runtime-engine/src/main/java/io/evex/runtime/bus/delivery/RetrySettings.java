package io.evex.runtime.bus.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.delivery.Backoff;
import java.time.Duration;
import java.util.List;

/**
 * How a transient delivery failure is retried: the {@link Backoff} between attempts and at most
 * {@code maxAttempts} attempts per event (0 = until stopped). Read from a {@code retry} object.
 */
public record RetrySettings(Backoff backoff, int maxAttempts) {

    public static final String INITIAL_BACKOFF_MS = "initial_backoff_ms";
    public static final String MAX_BACKOFF_MS = "max_backoff_ms";
    public static final String MULTIPLIER = "multiplier";
    public static final String JITTER = "jitter";
    public static final String MAX_ATTEMPTS = "max_attempts";
    /** Every key of a {@code retry} object. */
    public static final List<String> KEYS =
            List.of(INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, MULTIPLIER, JITTER, MAX_ATTEMPTS);

    public static final RetrySettings DEFAULT = new RetrySettings(Backoff.DEFAULT, 0);

    public RetrySettings {
        if (backoff == null) {
            throw new IllegalArgumentException("retry needs a back-off");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("retry max_attempts must be >= 0, got " + maxAttempts);
        }
    }

    /**
     * Reads a {@code retry} object over {@code defaults}. A larger {@code initial_backoff_ms} than the
     * default maximum raises the maximum with it, so setting only the first wait is never an error.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static RetrySettings read(JsonNode r, RetrySettings defaults) {
        return new RetrySettings(
                readBackoff(r, defaults.backoff()), r.path(MAX_ATTEMPTS).asInt(defaults.maxAttempts()));
    }

    /** Reads the back-off keys of {@code node} over {@code defaults}. */
    public static Backoff readBackoff(JsonNode node, Backoff defaults) {
        long initial = node.path(INITIAL_BACKOFF_MS).asLong(defaults.initial().toMillis());
        long max = node.path(MAX_BACKOFF_MS).asLong(Math.max(defaults.max().toMillis(), initial));
        if (initial > max) {
            throw new IllegalArgumentException(
                    INITIAL_BACKOFF_MS + " (" + initial + ") is larger than " + MAX_BACKOFF_MS + " (" + max + ")");
        }
        return new Backoff(
                Duration.ofMillis(initial),
                Duration.ofMillis(max),
                node.path(MULTIPLIER).asDouble(defaults.multiplier()),
                node.path(JITTER).asDouble(defaults.jitter()));
    }
}
