package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.testing.Waits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in clear (issue 24 point 7; review L1), on a real {@code ./evex run}: secret settings
 * read {@code ***} in {@code GET /config/exporters} and the status, an entry sent back masked keeps
 * its secret (the RTSP login still works), the log shows a child's command without the secret, and
 * the child starts without the variables Evex read secrets from unless its descriptor asks.
 */
class SecretsIT {

    private static final String ADMIN = "secrets-test-admin-token-0123";
    private static final String PASSWORD = "S3cretPw-" + Long.toHexString(System.nanoTime());
    private static final String KEY = "k3y-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void secretsAreMaskedKeptAndNotInherited() throws Exception {
        int rtspPort;
        try (ServerSocket s = new ServerSocket(0)) {
            rtspPort = s.getLocalPort();
        }
        Path plugin = writeConfiguration(rtspPort);
        Process evex = EvexProcess.start(
                dir,
                Map.of("EVEX_ADMIN_TOKEN", ADMIN, "EVEX_TEST_KEY", KEY, "EVEX_TEST_PLAIN", "inherited"),
                "run",
                "--config",
                "evex.yaml",
                "--exporters",
                dir.resolve("exporters").toString());
        try {
            URI base = EvexProcess.httpBase(dir, evex);
            theChildInheritsNoSecret(plugin.resolve("env.txt"));
            Waits.until("the RTSP login to work", Duration.ofSeconds(30), () -> describe(rtspPort, PASSWORD) == 200);
            secretsAreMaskedAndAMaskSentBackKeepsThem(base, plugin.resolve("key.txt"));
            String status = call(base, "GET", "/api/status", null).body();
            assertFalse(status.contains(PASSWORD) || status.contains(KEY), status);
        } finally {
            evex.destroy();
            evex.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(dir.resolve("evex.out")) + Files.readString(dir.resolve("evex.err"));
        assertTrue(log.contains("program started"), log);
        assertFalse(log.contains(KEY), "the child's command is logged without the secret:\n" + log);
        assertFalse(log.contains(PASSWORD), log);
    }

    /** A program exporter that writes its environment and its secret argument, and an RTSP server with a user. */
    private Path writeConfiguration(int rtspPort) throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("exporters/envdump"));
        Files.writeString(plugin.resolve("exporter.json"), """
                {"name": "envdump", "events": ["*"],
                 "command": ["/bin/sh", "-c", "env > env.txt; echo \\"$1\\" > key.txt; cat > /dev/null", "sh", "{settings.api_key}"],
                 "environment": {"ASKED": "${env:EVEX_TEST_KEY}", "PLAIN_SET": "yes"},
                 "settings": {"api_key": {"type": "text", "default": "", "secret": true}}}
                """);
        Files.writeString(dir.resolve("evex.yaml"), """
                http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                channels:
                  - {name: cam, url: sample, loop: true}
                exporters:
                  - type: envdump
                    settings: {api_key: "${env:EVEX_TEST_KEY}"}
                  - type: rtsp
                    settings: {port: %d, bind: 127.0.0.1, users: "viewer:%s"}
                """.formatted(rtspPort, PASSWORD));
        return plugin;
    }

    private static void theChildInheritsNoSecret(Path env) throws Exception {
        Waits.until(
                "the child to write its environment",
                Duration.ofSeconds(30),
                () -> read(env).contains("PLAIN_SET"));
        String childEnv = Files.readString(env);
        assertFalse(childEnv.contains(ADMIN), "no admin token in a child's environment");
        assertFalse(childEnv.contains("EVEX_TEST_KEY="), "a variable read into the configuration is withheld");
        assertTrue(childEnv.contains("ASKED=" + KEY), "unless the descriptor asks for it by name");
        assertTrue(childEnv.contains("EVEX_TEST_PLAIN=inherited"), "the rest is inherited");
        assertTrue(childEnv.contains("PLAIN_SET=yes"));
    }

    private void secretsAreMaskedAndAMaskSentBackKeepsThem(URI base, Path key) throws Exception {
        String listed = call(base, "GET", "/api/v1/config/exporters", null).body();
        assertFalse(listed.contains(PASSWORD), listed);
        assertFalse(listed.contains(KEY), listed);
        assertEquals("***", entry(listed, "rtsp").at("/settings/users").asText(), listed);
        ObjectNode envdump = entry(listed, "envdump");
        assertEquals("***", envdump.at("/settings/api_key").asText(), listed);

        // Read, change one thing, send back: the masked secret stays what it was.
        Waits.until(
                "the child to write its argument",
                Duration.ofSeconds(30),
                () -> read(key).endsWith("\n"));
        assertEquals(KEY, read(key).trim());
        Files.delete(key);
        envdump.put("enabled", true);
        HttpResponse<String> again = call(base, "PUT", "/api/v1/config/exporters/envdump", envdump.toString());
        assertEquals(200, again.statusCode(), again.body());
        Waits.until(
                "the changed exporter to start",
                Duration.ofSeconds(30),
                () -> read(key).endsWith("\n"));
        assertEquals(KEY, read(key).trim(), "the child got the secret, not the mask");
    }

    private HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
        return EvexProcess.call(http, base, ADMIN, method, path, body);
    }

    private static ObjectNode entry(String listed, String name) throws Exception {
        for (JsonNode e : JSON.readTree(listed).path("exporters")) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new AssertionError("no exporter '" + name + "' in " + listed);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The status of an RTSP DESCRIBE of the channel with Basic viewer:{@code password}, or -1 when nothing listens. */
    private static int describe(int port, String password) {
        String path = "cam";
        String basic = Base64.getEncoder().encodeToString(("viewer:" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("DESCRIBE rtsp://127.0.0.1:" + port + "/" + path + " RTSP/1.0\r\nCSeq: 1\r\n"
                            + "Authorization: Basic " + basic + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String first = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // RTSP/1.0 200
            return Integer.parseInt(first.substring(9, 12));
        } catch (Exception e) {
            return -1;
        }
    }
}
