package io.evex.runtime.http;

import io.evex.api.tls.PemContexts;
import io.javalin.config.JettyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The sockets the server listens on. Without TLS: Javalin's one plain connector. With TLS: an HTTPS
 * connector on the port (the configured PEM pair, or the self-signed one made in the state folder),
 * and a plain one on {@code plain_port} only when asked for.
 */
final class Listeners {

    private final ServerTls tls;
    private final KeyStore keys;
    private final char[] password;
    private final Path certFile;
    private final String fingerprint;
    private final List<ServerConnector> made = new ArrayList<>();
    private ServerConnector secure;

    private Listeners(ServerTls tls, KeyStore keys, char[] password, Path certFile, String fingerprint) {
        this.tls = tls;
        this.keys = keys;
        this.password = password;
        this.certFile = certFile;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads (or makes) the certificate when TLS is on.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static Listeners of(HttpSettings settings) {
        ServerTls tls = settings.tls();
        if (!tls.enabled()) {
            return new Listeners(tls, null, null, null, null);
        }
        try {
            Path[] pair = tls.generated()
                    ? SelfSignedCertificate.ensure(settings.stateDir(), settings.bind())
                    : new Path[] {tls.certFile(), tls.keyFile()};
            for (Path p : pair) {
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("http.tls: cannot read " + p.toAbsolutePath());
                }
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            char[] password = HexFormat.of().formatHex(random).toCharArray(); // the store never leaves memory
            KeyStore keys = PemContexts.keyStore(pair[0], pair[1], password);
            Certificate leaf = keys.getCertificate("evex");
            return new Listeners(tls, keys, password, pair[0], sha256(leaf.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("http.tls: " + e.getMessage(), e);
        }
    }

    /** Adds the connectors to Jetty (none without TLS: Javalin then makes its plain one). */
    void install(JettyConfig jetty, String bind, int port) {
        if (!tls.enabled()) {
            return;
        }
        made.clear();
        jetty.addConnector((server, http) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(new String(password));
            ssl.setSniRequired(false);
            // AES-128-GCM first among what the client offers: as safe as AES-256 here, and fewer
            // rounds per byte of video and pictures.
            ssl.setCipherComparator(java.util.Comparator.comparing(suite -> !suite.contains("AES_128_GCM")));
            ssl.setUseCipherSuitesOrder(true);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false); // clients reach it by IP address too
            https.addCustomizer(customizer);
            secure = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            return connector(secure, bind, port);
        });
        if (tls.plainPort() >= 0) {
            jetty.addConnector((server, http) ->
                    connector(new ServerConnector(server, new HttpConnectionFactory(http)), bind, tls.plainPort()));
        }
    }

    private ServerConnector connector(ServerConnector c, String bind, int port) {
        c.setHost(bind);
        c.setPort(port);
        made.add(c);
        return c;
    }

    boolean secure() {
        return tls.enabled();
    }

    /** The HTTPS port once listening (TLS only). */
    int securePort() {
        return secure.getLocalPort();
    }

    /** The plain HTTP port beside HTTPS, or -1. */
    int plainPort() {
        return made.stream()
                .filter(c -> c != secure)
                .mapToInt(ServerConnector::getLocalPort)
                .findFirst()
                .orElse(-1);
    }

    /** The certificate served (TLS only). */
    Path certFile() {
        return certFile;
    }

    /** The SHA-256 fingerprint of the certificate, as browsers show it ({@code AB:CD:...}). */
    String fingerprint() {
        return fingerprint;
    }

    private static String sha256(byte[] der) throws GeneralSecurityException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(der);
        return HexFormat.ofDelimiter(":").formatHex(d).toUpperCase(Locale.ROOT);
    }
}
