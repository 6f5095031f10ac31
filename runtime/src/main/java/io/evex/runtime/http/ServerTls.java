package io.evex.runtime.http;

import java.nio.file.Path;

/**
 * HTTPS for the runtime's server: the {@code http.tls} block ({@code enabled}, {@code cert_file},
 * {@code key_file}; the same names as every client's). Enabled, the server's port speaks HTTPS
 * only; {@code plainPort} keeps a plain HTTP port beside it for a trusted network. Without files, a
 * self-signed certificate is made on the first run and kept in the state folder.
 *
 * @param certFile a PEM certificate chain, or null to use the generated one
 * @param keyFile its PKCS#8 PEM key, or null
 * @param plainPort {@code http.plain_port}: a plain HTTP port as well (0 = any free), or -1 for none
 */
public record ServerTls(boolean enabled, Path certFile, Path keyFile, int plainPort) {

    public static final ServerTls OFF = new ServerTls(false, null, null, -1);

    public ServerTls {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(
                    "http.tls needs both cert_file and key_file, or neither (then a self-signed certificate is made)");
        }
        if (plainPort < -1 || plainPort > 65535) {
            throw new IllegalArgumentException("http.plain_port must be 0-65535, not " + plainPort);
        }
    }

    /** Whether the certificate is made here rather than configured. */
    public boolean generated() {
        return enabled && certFile == null;
    }
}
