package io.evex.runtime.http;

import java.nio.file.Path;

/**
 * @param enabled whether the runtime serves HTTP
 * @param bind the address to listen on
 * @param port the port; 0 = any free port
 * @param adminToken the API's admin token as configured (else {@code EVEX_ADMIN_TOKEN}, else one
 *     generated once and kept, hashed, in the state folder); null when not configured
 * @param stateDir where tokens and groups are kept across restarts
 * @param movable whether a taken port may be swapped for a free one (logged): only the embedded
 *     default's 8080, so that a second run on one machine still starts; a port the user gave is
 *     theirs, and a taken one stops the run
 * @param open {@code http.auth: none}: every request is let in without a token, as the admin (a
 *     trusted network only; warned at every start)
 * @param tls HTTPS ({@code http.tls}), off unless configured
 * @param limits what one client may take ({@code http.limits})
 * @param allowedOrigins web origins whose pages may read published files (HLS) across origins
 *     ({@code http.allowed_origins}; {@code *} for any); none by default
 */
public record HttpSettings(
        boolean enabled,
        String bind,
        int port,
        String adminToken,
        Path stateDir,
        boolean movable,
        boolean open,
        ServerTls tls,
        HttpLimits limits,
        java.util.List<String> allowedOrigins) {

    public static final HttpSettings DEFAULT = new HttpSettings(
            true,
            "0.0.0.0",
            8080,
            null,
            Path.of(".evex"),
            true,
            false,
            ServerTls.OFF,
            HttpLimits.DEFAULT,
            java.util.List.of());

    /** Settings without TLS, with the default limits. */
    public HttpSettings(
            boolean enabled, String bind, int port, String adminToken, Path stateDir, boolean movable, boolean open) {
        this(
                enabled,
                bind,
                port,
                adminToken,
                stateDir,
                movable,
                open,
                ServerTls.OFF,
                HttpLimits.DEFAULT,
                java.util.List.of());
    }

    /** Settings with no configured admin token, keeping state in {@code .evex} of the working directory. */
    public HttpSettings(boolean enabled, String bind, int port) {
        this(enabled, bind, port, null, Path.of(".evex"), false, false);
    }

    /** The same, open to every request without a token ({@code http.auth: none}). */
    public HttpSettings withoutAuth() {
        return new HttpSettings(enabled, bind, port, adminToken, stateDir, movable, true, tls, limits, allowedOrigins);
    }

    /** Settings with a port the user chose (not movable). */
    public HttpSettings(boolean enabled, String bind, int port, String adminToken, Path stateDir) {
        this(enabled, bind, port, adminToken, stateDir, false, false);
    }

    public HttpSettings {
        tls = tls == null ? ServerTls.OFF : tls;
        limits = limits == null ? HttpLimits.DEFAULT : limits;
        allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0-65535, not " + port);
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("http admin_token must have at least 16 characters");
        }
    }

    /** The same, switched on or off and on another port, chosen by the user (not movable). */
    public HttpSettings with(boolean on, int newPort) {
        return new HttpSettings(on, bind, newPort, adminToken, stateDir, false, open, tls, limits, allowedOrigins);
    }

    /** The same, switched on or off. */
    public HttpSettings with(boolean on) {
        return new HttpSettings(on, bind, port, adminToken, stateDir, movable, open, tls, limits, allowedOrigins);
    }

    /** The same, keeping its state in {@code dir}. */
    public HttpSettings inState(Path dir) {
        return new HttpSettings(enabled, bind, port, adminToken, dir, movable, open, tls, limits, allowedOrigins);
    }

    /** The same, with these limits. */
    public HttpSettings withLimits(HttpLimits limits) {
        return new HttpSettings(enabled, bind, port, adminToken, stateDir, movable, open, tls, limits, allowedOrigins);
    }

    /** The same, serving HTTPS as {@code tls} says. */
    public HttpSettings withTls(ServerTls tls) {
        return new HttpSettings(enabled, bind, port, adminToken, stateDir, movable, open, tls, limits, allowedOrigins);
    }
}
