package io.evex.runtime.http;

/**
 * @param enabled whether the runtime serves HTTP
 * @param bind the address to listen on
 * @param port the port; 0 = any free port. When the configured port is taken, a free one is
 *     used instead (and logged), so a second run on one machine still starts
 */
public record HttpSettings(boolean enabled, String bind, int port) {

    public static final HttpSettings DEFAULT = new HttpSettings(true, "0.0.0.0", 8080);

    public HttpSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0-65535, not " + port);
        }
    }
}
