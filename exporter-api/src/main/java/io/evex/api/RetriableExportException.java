package io.evex.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass (connection lost, disk briefly full): the runtime retries the same event
 * with back-off. An exporter that knows how long to wait (a broker's reconnect schedule, an HTTP
 * {@code Retry-After}) says so with {@link #RetriableExportException(String, Duration)}; the
 * runtime then waits the longer of its back-off and that hint.
 */
public class RetriableExportException extends ExportException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RetriableExportException(String message) {
        this(message, null, null);
    }

    public RetriableExportException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param retryAfter the least wait before the next attempt makes sense
     * @since 0.3
     */
    public RetriableExportException(String message, Duration retryAfter) {
        this(message, null, retryAfter);
    }

    /** @since 0.3 */
    public RetriableExportException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /**
     * The exporter's hint of how long to wait, if it gave one.
     *
     * @since 0.3
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
