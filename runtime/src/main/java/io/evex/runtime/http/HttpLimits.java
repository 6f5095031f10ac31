package io.evex.runtime.http;

import java.time.Duration;

/**
 * What one client may take of the server ({@code http.limits}), each answered with a clear status
 * when reached: failed sign-ins per address before 429, concurrent streams (MJPEG, SSE, long polls:
 * each holds a thread) per token and in all, distinct MJPEG forms per channel (each one a producer
 * thread and an encoder), and the metadata kept per channel.
 *
 * @param failedLogins failed sign-ins per client address within {@code failedLoginWindow}; more get 429
 * @param streamsPerToken concurrent streams one token may hold; more get 429
 * @param streams concurrent streams in all; more get 503
 * @param previewForms distinct MJPEG forms (size, rate, annotated) per channel; more get 429
 * @param metadataBytesPerChannel metadata kept per channel (the oldest go first)
 */
public record HttpLimits(
        int failedLogins,
        Duration failedLoginWindow,
        int streamsPerToken,
        int streams,
        int previewForms,
        long metadataBytesPerChannel) {

    public static final HttpLimits DEFAULT = new HttpLimits(10, Duration.ofMinutes(1), 8, 256, 4, 16L << 20);

    public HttpLimits {
        check("failed_logins", failedLogins, 1, 1_000_000);
        check("streams_per_token", streamsPerToken, 1, 10_000);
        check("streams", streams, 1, 10_000);
        check("preview_forms", previewForms, 1, 100);
        if (failedLoginWindow.toMillis() < 1000) {
            throw new IllegalArgumentException("http.limits.failed_login_window must be at least 1s");
        }
        if (metadataBytesPerChannel < 64 * 1024) {
            throw new IllegalArgumentException("http.limits.metadata_per_channel must be at least 64KB (one write)");
        }
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "http.limits." + key + " must be " + min + " to " + max + ", not " + value);
        }
    }
}
