package io.evex.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.Evex;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.video.SourceUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS (issue 24 point 3), read back with the real {@code curl} and {@code openssl}: the
 * self-signed certificate made on the first run and kept, trusted with {@code --cacert}; a
 * configured PEM pair; plain HTTP off unless {@code plain_port} asks for it.
 */
class HttpsTest {

    private static final String ADMIN = "https-test-admin-0123456789";

    @TempDir
    Path dir;

    private Evex start(ServerTls tls) {
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(
                        List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(true)))
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve("state")).withTls(tls))
                .withWorkingDirectory(dir);
        return new Evex(config, false).start();
    }

    @Test
    void aGeneratedCertificateIsTrustedWithCacertAndKeptAcrossRestarts() throws Exception {
        String fingerprint;
        Path cert = dir.resolve("state/tls/cert.pem");
        try (Evex evex = start(new ServerTls(true, null, null, -1))) {
            String byIp = evex.http().baseUri().toString();
            assertTrue(byIp.startsWith("https://127.0.0.1:"), byIp);
            String base = byIp.replace("127.0.0.1", "localhost");
            fingerprint = evex.http().certificate().getValue();
            assertEquals(cert, evex.http().certificate().getKey());
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/tls/key.pem"))));
            assertEquals(openSslFingerprint(cert), fingerprint, "the fingerprint printed is the certificate's");

            Result ok = curl("--cacert", cert.toString(), base + "healthz");
            assertEquals(0, ok.exit, ok.out);
            assertTrue(ok.out.contains("\"status\":\"ok\""), ok.out);
            Result api = curl(
                    "--cacert",
                    cert.toString(),
                    "-H",
                    "Authorization: Bearer " + ADMIN,
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    byIp + "api/v1/channels");
            assertEquals("200", api.out.trim(), "reached by IP too: " + api.out);
            assertEquals(60, curl(base + "healthz").exit, "an unknown issuer is refused without --cacert");
            assertNotEquals(
                    0, curl("http://localhost:" + evex.http().port() + "/healthz").exit, "the port speaks HTTPS only");
            assertNull(evex.http().plainUri(), "no plain HTTP unless asked");
        }
        try (Evex again = start(new ServerTls(true, null, null, -1))) {
            assertEquals(fingerprint, again.http().certificate().getValue(), "the same certificate after a restart");
        }
    }

    @Test
    void aConfiguredPemPairIsServedAndPlainHttpOnlyWhenAsked() throws Exception {
        Path cert = dir.resolve("site.pem");
        Path key = dir.resolve("site.key");
        Result made = run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()));
        assertEquals(0, made.exit, made.out);
        try (Evex evex = start(new ServerTls(true, cert, key, 0))) {
            assertEquals(openSslFingerprint(cert), evex.http().certificate().getValue());
            String base = evex.http().baseUri().toString().replace("127.0.0.1", "localhost"); // its only name
            Result ok = curl("--cacert", cert.toString(), base + "healthz");
            assertEquals(0, ok.exit, ok.out);
            Result plain =
                    curl("-o", "/dev/null", "-w", "%{http_code}", evex.http().plainUri() + "api/v1/channels");
            assertEquals("401", plain.out.trim(), "plain_port serves the same API, tokens and all");
        }
        assertThrows(IllegalArgumentException.class, () -> new ServerTls(true, cert, null, -1));
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        RuntimeException bad = assertThrows(RuntimeException.class, () -> start(new ServerTls(true, cert, key, -1)));
        assertTrue(bad.getMessage().contains("PKCS#8") && bad.getMessage().contains(key.toString()), bad.getMessage());
    }

    private static String openSslFingerprint(Path cert) throws Exception {
        Result r = run(List.of("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString()));
        assertEquals(0, r.exit, r.out);
        return r.out.trim().replaceFirst("(?i)^sha256 Fingerprint=", "");
    }

    private record Result(int exit, String out) {}

    private static Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
