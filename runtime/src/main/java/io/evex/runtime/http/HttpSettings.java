package io.evex.runtime.http;

import java.nio.file.Path;

/**
 * @param enabled whether the runtime serves HTTP
 * @param bind the address to listen on
 * @param port the port; 0 = any free port. When the configured port is taken, a free one is
 *     used instead (and logged), so a second run on one machine still starts
 * @param adminToken the API's admin token as configured (else {@code EVEX_ADMIN_TOKEN}, else one
 *     generated once and kept, hashed, in the state folder); null when not configured
 * @param stateDir where tokens and groups are kept across restarts
 */
public record HttpSettings(boolean enabled, String bind, int port, String adminToken, Path stateDir) {

    public static final HttpSettings DEFAULT = new HttpSettings(true, "0.0.0.0", 8080);

    /** Settings with no configured admin token, keeping state in {@code .evex} of the working directory. */
    public HttpSettings(boolean enabled, String bind, int port) {
        this(enabled, bind, port, null, Path.of(".evex"));
    }

    public HttpSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0-65535, not " + port);
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("http admin_token must have at least 16 characters");
        }
    }

    /** The same, switched on or off and on another port. */
    public HttpSettings with(boolean on, int newPort) {
        return new HttpSettings(on, bind, newPort, adminToken, stateDir);
    }

    /** The same, keeping its state in {@code dir}. */
    public HttpSettings inState(Path dir) {
        return new HttpSettings(enabled, bind, port, adminToken, dir);
    }
}
