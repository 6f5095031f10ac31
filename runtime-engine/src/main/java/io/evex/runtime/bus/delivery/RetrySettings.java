package io.evex.runtime.bus.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;
import io.evex.api.Former;
import io.evex.api.delivery.Backoff;
import io.evex.runtime.vocabulary.DurationKeys;
import java.time.Duration;
import java.util.List;

/**
 * How a transient delivery failure is retried: the {@link Backoff} between attempts and at most
 * {@code maxAttempts} attempts per event (0 = until stopped). Read from a {@code retry} object.
 */
public record RetrySettings(Backoff backoff, int maxAttempts) {

    public static final String INITIAL_BACKOFF = "initial_backoff";
    public static final String MAX_BACKOFF = "max_backoff";
    public static final String MULTIPLIER = "multiplier";
    public static final String JITTER = "jitter";
    public static final String MAX_ATTEMPTS = "max_attempts";
    /** Every key of a {@code retry} object. */
    public static final List<String> KEYS = List.of(INITIAL_BACKOFF, MAX_BACKOFF, MULTIPLIER, JITTER, MAX_ATTEMPTS);

    /** The former names of the back-off keys, in milliseconds. */
    public static final List<Former> FORMERS =
            List.of(Former.millis("initial_backoff_ms", INITIAL_BACKOFF), Former.millis("max_backoff_ms", MAX_BACKOFF));

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
     * Reads a {@code retry} object over {@code defaults}. A larger {@code initial_backoff} than the
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
        long initial = DurationKeys.millis(
                node, INITIAL_BACKOFF, "initial_backoff_ms", defaults.initial().toMillis());
        long max = DurationKeys.millis(
                node, MAX_BACKOFF, "max_backoff_ms", Math.max(defaults.max().toMillis(), initial));
        if (initial > max) {
            throw new IllegalArgumentException(INITIAL_BACKOFF + " (" + Durations.ofMillis(initial)
                    + ") is longer than " + MAX_BACKOFF + " (" + Durations.ofMillis(max) + ")");
        }
        return new Backoff(
                Duration.ofMillis(initial),
                Duration.ofMillis(max),
                node.path(MULTIPLIER).asDouble(defaults.multiplier()),
                node.path(JITTER).asDouble(defaults.jitter()));
    }
}
