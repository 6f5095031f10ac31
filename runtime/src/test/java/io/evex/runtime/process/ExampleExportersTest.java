package io.evex.runtime.process;

import static io.evex.runtime.process.ProcessPipeline.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.Cut;
import io.evex.runtime.analysis.crop.TrackCrops;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.event.CropEvents;
import io.evex.runtime.event.EventEnvelope;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
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
    void pythonSavesThePicturesOfCropEventsAsJpegFiles() throws Exception {
        BufferedImage block = new BufferedImage(30, 50, BufferedImage.TYPE_INT_RGB);
        var g = block.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 30, 50);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(block, "jpg", jpeg);
        try (ProcessPipeline p = new ProcessPipeline(
                dir,
                List.of(ProcessPipeline.EXAMPLES),
                ExportOption.parseAll(List.of("python-jsonl:path=py/events.jsonl,images=py/crops"), List.of()))) {
            for (String type : List.of(CropEvents.CROP, CropEvents.BEST_CROP)) {
                CropJob job = new CropJob(
                        7, "t-7", "person", 0.8, type.equals(CropEvents.BEST_CROP), 1200, 0.1, 0.2, 0.3, 0.4);
                Cut cut = new Cut(job, new FrameStamp("lobby", 42, 0, 0, 100, 125), jpeg.toByteArray(), 30, 50, null);
                p.evex()
                        .bus()
                        .publish(TrackCrops.picture(new EventEnvelope().start(type, 1, "lobby", 42, 1.68, 1L), cut));
            }
            waitFor(
                    "two lines",
                    () -> Files.exists(dir.resolve("py/events.jsonl"))
                            && readLinesQuietly(dir.resolve("py/events.jsonl")) == 2);
        }
        List<JsonNode> lines = readLines(dir.resolve("py/events.jsonl"));
        assertEquals(
                "py/crops/lobby/t-7-42.jpg",
                relative(lines.get(0).at("/image/file").asText()));
        assertEquals(
                "py/crops/lobby/t-7-42-best.jpg",
                relative(lines.get(1).at("/image/file").asText()));
        assertTrue(lines.get(0).at("/image/data").isMissingNode(), "the picture left the line for its file");
        BufferedImage saved =
                ImageIO.read(dir.resolve("py/crops/lobby/t-7-42.jpg").toFile());
        assertEquals(30, saved.getWidth());
        assertEquals(50, saved.getHeight());
    }

    private String relative(String path) {
        return dir.relativize(Path.of(path).toAbsolutePath().normalize()).toString();
    }

    private static long readLinesQuietly(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (java.io.IOException e) {
            return 0;
        }
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
