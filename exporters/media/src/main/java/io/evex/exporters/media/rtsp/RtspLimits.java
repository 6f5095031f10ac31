package io.evex.exporters.media.rtsp;

import io.evex.api.Settings;
import io.evex.api.auth.LoginThrottle;
import java.time.Duration;

/**
 * What RTSP clients may take of a server: connections in all, sessions per connection, how long a
 * connection with no session may stay silent, and failed logins per client address before it is
 * told to wait (503 with {@code Retry-After}). Exporters sharing a port share the first one's limits.
 */
record RtspLimits(
        int maxConnections,
        int sessionsPerConnection,
        Duration idleTimeout,
        int failedLogins,
        Duration failedLoginWindow) {

    static final RtspLimits DEFAULT = new RtspLimits(64, 4, Duration.ofSeconds(60), 10, Duration.ofMinutes(1));

    static RtspLimits of(Settings s) {
        return new RtspLimits(
                (int) s.getLong("max_connections"),
                (int) s.getLong("max_sessions_per_connection"),
                s.getDuration("idle_timeout"),
                (int) s.getLong("failed_logins"),
                s.getDuration("failed_login_window"));
    }

    LoginThrottle throttle() {
        return new LoginThrottle(failedLogins, failedLoginWindow);
    }
}
