package io.evex.runtime.process;

import static io.evex.runtime.process.ProcessPipeline.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.evex.runtime.config.ExportOption;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporters shipped in exporters/examples, each run from its own descriptor as a user would. */
class ExampleExportersTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> ids(List<? extends JsonNode> events) {
        return events.stream().map(e -> e.get("event_id").asText()).toList();
    }

    private List<JsonNode> readLines(Path file) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(mapper.readTree(line));
        }
        return events;
    }

    @Test
    void pythonWritesEveryEventAsAJsonLine() throws Exception {
        List<ObjectNode> sent;
        try (ProcessPipeline p = new ProcessPipeline(
                dir,
                List.of(ProcessPipeline.EXAMPLES),
                ExportOption.parseAll(List.of("python-jsonl:path=py/events.jsonl"), List.of()))) {
            sent = p.publish(0, 300);
        }
        List<JsonNode> written = readLines(dir.resolve("py/events.jsonl"));
        assertEquals(sent.toString(), written.toString());
    }

    @Test
    void shellAppendsEveryEventAsALine() throws Exception {
        List<ObjectNode> sent;
        try (ProcessPipeline p = new ProcessPipeline(
                dir,
                List.of(ProcessPipeline.EXAMPLES),
                ExportOption.parseAll(List.of("shell-ndjson:path=sh/events.ndjson"), List.of()))) {
            sent = p.publish(0, 300);
        }
        assertEquals(sent.toString(), readLines(dir.resolve("sh/events.ndjson")).toString());
    }

    @Test
    void nodePostsBatchesToAWebhook() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            JsonNode body = mapper.readTree(exchange.getRequestBody());
            body.forEach(received::add);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
            List<ObjectNode> sent;
            try (ProcessPipeline p = new ProcessPipeline(
                    dir,
                    List.of(ProcessPipeline.EXAMPLES),
                    ExportOption.parseAll(List.of("node-webhook:url=" + url), List.of()))) {
                sent = p.publish(0, 120);
                waitFor("120 events posted", () -> received.size() >= 120);
            }
            assertEquals(ids(sent), ids(received));
        } finally {
            server.stop(0);
        }
    }
}
