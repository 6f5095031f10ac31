package io.evex.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries that arrive over the API or the cluster topic may not read the runtime's environment
 * (a writer would receive its secrets); the same keys in a file on disk are honoured.
 */
class EntriesFromOutsideTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigLoader loader = new ConfigLoader(new SchemaValidator());

    @TempDir
    Path dir;

    @Test
    void environmentKeysAreRefusedFromOutsideAndHonouredInAFile() throws Exception {
        ProblemException exporter = assertThrows(
                ProblemException.class,
                () -> loader.exporter(
                        JSON.readTree("{\"type\": \"mqtt\", \"settings\": {\"password_env\": \"EVEX_ADMIN_TOKEN\"}}"),
                        "PUT"));
        assertEquals("/settings/password_env", exporter.problems().get(0).pointer());
        assertTrue(
                exporter.getMessage().contains("honoured only in a configuration file on disk"), exporter.getMessage());

        String channel = "{\"name\": \"door\", \"url\": \"lavfi:testsrc2\", \"http_extension\":"
                + " {\"url\": \"http://127.0.0.1:9/score\", \"headers_env\": {\"X-Key\": \"EVEX_ADMIN_TOKEN\"}}}";
        ProblemException header =
                assertThrows(ProblemException.class, () -> loader.channel(JSON.readTree(channel), "topic"));
        assertEquals("/http_extension/headers_env", header.problems().get(0).pointer());

        Path file = Files.writeString(
                dir.resolve("evex.json"), "{\"channels\": [" + channel.replace("EVEX_ADMIN_TOKEN", "PATH") + "]}");
        assertEquals(1, loader.load(file).channels().size(), "a file on disk may name variables");
    }

    @Test
    void entriesFromOutsideWriteUnderTheOutputRootsAndReadAllowedSchemesOnly() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        ConfigLoader remote = loader.bounded(RemoteBounds.DEFAULT, work);
        remote.exporter(
                JSON.readTree("{\"type\": \"json\", \"settings\": {\"path\": \"out/{obj.channel}.jsonl\"}}"), "PUT");
        for (String path : new String[] {"/etc/cron.d/x", "../outside.jsonl", "out/{obj.channel}/../../../x"}) {
            ProblemException e = assertThrows(
                    ProblemException.class,
                    () -> remote.exporter(
                            JSON.readTree("{\"type\": \"json\", \"settings\": {\"path\": \"" + path + "\"}}"), "PUT"),
                    path);
            assertEquals("/settings/path", e.problems().get(0).pointer());
            assertTrue(e.getMessage().contains("remote_config.output_roots"), e.getMessage());
        }
        remote.channel(JSON.readTree("{\"name\": \"door\", \"url\": \"rtsp://10.0.0.7/live\"}"), "topic");
        remote.channel(JSON.readTree("{\"name\": \"test\", \"url\": \"lavfi:testsrc2\"}"), "topic");
        for (String url :
                new String[] {"/etc/passwd", "file:///etc/passwd", "concat:/etc/passwd", "lavfi:movie=/etc/passwd"}) {
            ProblemException e = assertThrows(
                    ProblemException.class,
                    () -> remote.channel(JSON.readTree("{\"name\": \"x\", \"url\": \"" + url + "\"}"), "topic"),
                    url);
            assertEquals("/url", e.problems().get(0).pointer(), url);
            // A second input is a source like the first: the same bounds hold for it.
            ProblemException sub = assertThrows(
                    ProblemException.class,
                    () -> remote.channel(
                            JSON.readTree(
                                    "{\"name\": \"x\", \"inputs\": [{\"url\": \"rtsp://10.0.0.7/sub\", \"roles\": "
                                            + "[\"detect\"]}, {\"url\": \"" + url + "\", \"roles\": [\"record\"]}]}"),
                            "topic"),
                    url);
            assertEquals("/inputs/1/url", sub.problems().get(0).pointer(), url);
        }
        remote.channel(
                JSON.readTree(
                        "{\"name\": \"gate\", \"inputs\": [{\"url\": \"rtsp://10.0.0.7/sub\", \"roles\": [\"detect\"]},"
                                + " {\"url\": \"rtsp://10.0.0.7/main\", \"roles\": [\"record\", \"live\"]}]}"),
                "topic");

        Path file = Files.writeString(dir.resolve("bounds.yaml"), """
                remote_config: {output_roots: [/srv/evex], source_schemes: [rtsp, file]}
                """);
        RemoteBounds configured = loader.load(file).remote();
        assertEquals(java.util.List.of(Path.of("/srv/evex")), configured.outputRoots());
        ConfigLoader wide = loader.bounded(configured, work);
        wide.channel(JSON.readTree("{\"name\": \"clip\", \"url\": \"/srv/clips/a.mp4\"}"), "PUT");
        wide.exporter(JSON.readTree("{\"type\": \"json\", \"settings\": {\"path\": \"/srv/evex/a.jsonl\"}}"), "PUT");
        assertThrows(
                ProblemException.class,
                () -> wide.exporter(
                        JSON.readTree("{\"type\": \"json\", \"settings\": {\"path\": \"a.jsonl\"}}"), "PUT"),
                "the working directory is a root only when none is configured");
    }
}
