package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.testing.KafkaCluster;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node configured by a file's {@code cluster} block, and the cluster's channels managed over its
 * HTTP API: put (checked as the configuration is), listed, run by the node, deleted; the nodes shown.
 */
class ClusterApiTest {

    private static final String ADMIN = "cluster-test-admin-token";
    private static final ConfigLoader LOADER = new ConfigLoader(new SchemaValidator());

    @TempDir
    Path dir;

    @Test
    void channelsPutOverHttpRunOnTheNodeAndDeletedStop() throws Exception {
        try (KafkaCluster kafka = new KafkaCluster(dir.resolve("kafka"))) {
            Path file = dir.resolve("evex.json");
            Files.writeString(file, """
                    {"cluster": {"servers": ["%s"], "group": "site", "node": "web-1", "partitions": 6},
                     "http": {"bind": "127.0.0.1", "port": 0, "admin_token": "%s"}}
                    """.formatted(kafka.bootstrap(), ADMIN));
            RuntimeConfig config = LOADER.load(file).withWorkingDirectory(dir);
            ClusterSettings cluster = config.cluster();
            assertEquals("site", cluster.group());
            assertEquals("web-1", cluster.node());
            assertEquals(6, cluster.partitions());
            assertEquals(10_000, cluster.sessionTimeoutMs(), "the default");

            // the configuration's cluster block makes the runtime join the cluster as it starts
            try (Evex evex = new Evex(config, false).start()) {
                ApiClient api = new ApiClient(evex.http().baseUri());
                OpenApiDocument doc = new OpenApiDocument(ApiClient.json(api.get("/api/v1/openapi.json", null)));
                String cam = "{\"url\": \"lavfi:testsrc2=size=160x120:rate=10\", \"motion\": {\"enabled\": false}}";

                wrongChannelsAreRefused(api, doc, cam);

                assertEquals(
                        201,
                        api.send("PUT", "/api/v1/cluster/channels/cam1", ADMIN, cam)
                                .statusCode());
                assertEquals(
                        200,
                        api.send("PUT", "/api/v1/cluster/channels/cam1", ADMIN, cam)
                                .statusCode());
                waitFor("cam1 to run on the node", () -> running(evex, "cam1"));
                JsonNode channels = ApiClient.json(api.get("/api/v1/cluster/channels", ADMIN));
                doc.check("get", "/cluster/channels", 200, channels);
                assertEquals(
                        "lavfi:testsrc2=size=160x120:rate=10",
                        channels.path("channels").path("cam1").path("url").asText(),
                        channels.toString());
                waitFor("the node's status to list cam1", () -> {
                    JsonNode nodes = get(api, "/api/v1/cluster/nodes");
                    doc.check("get", "/cluster/nodes", 200, nodes);
                    JsonNode first = nodes.path("nodes").path(0);
                    return first.path("node").asText().equals("web-1")
                            && first.path("alive").asBoolean()
                            && first.path("status").path("channels").toString().contains("cam1");
                });

                assertEquals(
                        204,
                        api.send("DELETE", "/api/v1/cluster/channels/cam1", ADMIN, null)
                                .statusCode());
                waitFor("cam1 to stop", () -> !running(evex, "cam1"));
                assertEquals(
                        404,
                        api.send("DELETE", "/api/v1/cluster/channels/cam1", ADMIN, null)
                                .statusCode());
            }
        }
    }

    /** No token: 401; a field of the wrong type, or a name that is not the path's: 400 on its field. */
    private static void wrongChannelsAreRefused(ApiClient api, OpenApiDocument doc, String cam) throws Exception {
        assertEquals(
                401, api.send("PUT", "/api/v1/cluster/channels/cam1", null, cam).statusCode());
        HttpResponse<byte[]> bad = api.send("PUT", "/api/v1/cluster/channels/cam1", ADMIN, "{\"url\": 5}");
        assertEquals(400, bad.statusCode());
        JsonNode error = ApiClient.json(bad);
        doc.check("put", "/cluster/channels/{id}", 400, error);
        assertEquals("/url", error.path("error").path("field").asText(), error.toString());
        HttpResponse<byte[]> mismatch =
                api.send("PUT", "/api/v1/cluster/channels/cam1", ADMIN, "{\"name\": \"cam2\", \"url\": \"x\"}");
        assertEquals(400, mismatch.statusCode());
    }

    @Test
    void aBadClusterBlockIsRefusedWithItsFileAndField() throws Exception {
        Path file = dir.resolve("evex.json");
        Files.writeString(file, "{\"cluster\": {\"servers\": [\"kafka:9092\"], \"session_timeout\": \"100ms\"}}");
        ProblemException e = assertThrows(ProblemException.class, () -> LOADER.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(
                e.getMessage().contains("/cluster/session_timeout: cluster: session_timeout must be 6s to 5m"),
                e.getMessage());
        // the former names say the same, in the names to write now
        Files.writeString(file, "{\"cluster\": {\"bootstrap\": \"kafka:9092\", \"session_timeout_ms\": 100}}");
        e = assertThrows(ProblemException.class, () -> LOADER.load(file));
        assertTrue(e.getMessage().contains("/cluster/session_timeout: "), e.getMessage());
        Files.writeString(file, "{\"cluster\": {\"group\": \"site\"}}");
        e = assertThrows(ProblemException.class, () -> LOADER.load(file));
        assertTrue(e.getMessage().contains("servers"), e.getMessage());
    }

    private static boolean running(Evex evex, String name) {
        return evex.channels().stream().map(Channel::name).anyMatch(name::equals);
    }

    private static JsonNode get(ApiClient api, String path) {
        try {
            return ApiClient.json(api.get(path, ADMIN));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(45), condition);
    }
}
