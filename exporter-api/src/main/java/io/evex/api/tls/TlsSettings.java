package io.evex.api.tls;

import io.evex.api.Setting;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The {@code tls} block, the same for every client and server: {@code enabled}, {@code ca_file}
 * (PEM CAs to trust; empty: the JDK's), {@code cert_file} + {@code key_file} (a PEM certificate and
 * its PKCS#8 key, to present), {@code verify_host} (off only for testing). Exporters declare it with
 * {@link #SETTINGS} and read it with {@link #from}; the flat keys are {@code tls.enabled} and so on,
 * which a configuration file writes as a nested block.
 */
public record TlsSettings(boolean enabled, Path caFile, Path certFile, Path keyFile, boolean verifyHost) {

    /** No TLS. */
    public static final TlsSettings OFF = new TlsSettings(false, null, null, null, true);

    /** The block's settings, for an exporter kind's {@link io.evex.api.SettingsSpec}. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.checkbox("tls.enabled", "TLS", false).withHelp("Connect with TLS"),
            Setting.text("tls.ca_file", "CA certificates", "")
                    .withHelp("PEM file of the CAs to trust; empty: the JDK's"),
            Setting.text("tls.cert_file", "Client certificate", "")
                    .withHelp("PEM, for servers that require client certificates"),
            Setting.text("tls.key_file", "Client key", "").withHelp("PKCS#8 PEM key of the client certificate"),
            Setting.checkbox("tls.verify_host", "Verify the server", true)
                    .withHelp("Check the server's certificate and host name; off only for testing"));

    /** Reads the block; files are resolved against {@code workDir} and must be readable. */
    public static TlsSettings from(Settings s, Path workDir) throws SettingsException {
        return new TlsSettings(
                s.getBoolean("tls.enabled"),
                file(s, "tls.ca_file", workDir),
                file(s, "tls.cert_file", workDir),
                file(s, "tls.key_file", workDir),
                s.getBoolean("tls.verify_host"));
    }

    /** A TLS context trusting {@link #caFile} (or the JDK's CAs) and presenting the client certificate. */
    public SSLContext context() throws IOException, GeneralSecurityException {
        return PemContexts.context(caFile, certFile, keyFile, verifyHost);
    }

    private static Path file(Settings s, String key, Path workDir) throws SettingsException {
        String value = s.getString(key);
        if (value.isEmpty()) {
            return null;
        }
        Path p = workDir.resolve(value);
        if (!Files.isReadable(p)) {
            throw new SettingsException(List.of("setting '" + key + "': cannot read " + p));
        }
        return p;
    }
}
