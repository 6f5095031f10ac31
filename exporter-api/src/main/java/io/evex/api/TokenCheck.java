package io.evex.api;

/**
 * Whether a token of the runtime's HTTP API reaches a channel: so that servers of exporters (the
 * RTSP server) accept the same tokens as the API, with the same scopes, without seeing any of them.
 *
 * @since 0.6
 */
@FunctionalInterface
public interface TokenCheck {

    /** True when {@code token} is a valid API token that reaches {@code channel} now. */
    boolean reaches(String token, String channel);
}
