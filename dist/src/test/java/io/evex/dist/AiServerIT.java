package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.TestVideos;
import io.evex.schemas.EventCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evex ai-server} as a process: the built-in detector behind the LVA contract, and another
 * Evex pointed at it tracking what its own in-process detector tracks on the same video.
 */
class AiServerIT {

    private static final Pattern URL = Pattern.compile("at (http://\\S+/score)");

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventCatalog catalog = EventCatalog.load();

    private List<JsonNode> tracks(Path events) throws Exception {
        List<JsonNode> tracks = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode e = mapper.readTree(line);
            assertEquals(List.of(), catalog.validate(e, events.toString(), 0), line);
            if (e.get("$id").asText().equals("track")) {
                tracks.add(e);
            }
        }
        return tracks;
    }

    @Test
    void theAiServerFindsTheAstronautAndAnEvexUsingItTracksAsTheInProcessDetectorDoes() throws Exception {
        AstronautScene.assumeReady();
        Path model = AstronautScene.model();
        Path photo = AstronautScene.photo();
        Process server = EvexProcess.start(
                dir,
                "ai-server",
                "--model",
                model.toString(),
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--classes",
                "person+car");
        try {
            String url = served(server);
            aJpegOfTheAstronautIsOnePerson(url, photo);
            theSameVideoTracksAlikeInProcessAndOverHttp(url, model);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** The URL the AI server says it serves at, once it says so. */
    private String served(Process server) throws Exception {
        return Waits.value("the AI server to say where it serves", Duration.ofSeconds(60), () -> {
            if (!server.isAlive()) {
                throw new AssertionError("the AI server ended: " + Files.readString(dir.resolve("evex.err")));
            }
            Matcher m = URL.matcher(Files.readString(dir.resolve("evex.out")));
            return m.find() ? m.group(1) : null;
        });
    }

    /** A JPEG of the astronaut: one person, whose box covers her; a body that is no picture is refused. */
    private void aJpegOfTheAstronautIsOnePerson(String url, Path photo) throws Exception {
        Path jpeg = dir.resolve("astronaut.jpg");
        TestVideos.ffmpeg("-i", photo.toString(), jpeg.toString());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "image/jpeg")
                        .POST(HttpRequest.BodyPublishers.ofFile(jpeg))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode entity = mapper.readTree(r.body()).at("/inferences/0/entity");
        assertEquals("person", entity.at("/tag/value").asText(), r.body());
        JsonNode box = entity.get("box");
        assertTrue(box.get("l").asDouble() < 0.1 && box.get("t").asDouble() < 0.1, "from the top left: " + box);
        assertTrue(box.get("w").asDouble() > 0.6 && box.get("h").asDouble() > 0.85, "she fills most of it: " + box);
        HttpResponse<String> wrong = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrong.statusCode(), wrong.body());
    }

    /** The same panned video through the in-process detector and through the AI server. */
    private void theSameVideoTracksAlikeInProcessAndOverHttp(String url, Path model) throws Exception {
        Path video = AstronautScene.pannedVideo(dir);
        EvexProcess.Result local = EvexProcess.run(
                dir,
                "run",
                "--channel",
                "astro=" + video,
                "--no-loop",
                "--no-http",
                "--export",
                "json:path=local.jsonl",
                "--detector",
                "onnx:model=" + model + ",classes=person+car");
        assertEquals(0, local.exit(), local.toString());
        EvexProcess.Result remote = EvexProcess.run(
                dir,
                "run",
                "--channel",
                "astro=" + video,
                "--no-loop",
                "--no-http",
                "--export",
                "json:path=remote.jsonl",
                "--http-extension",
                url);
        assertEquals(0, remote.exit(), remote.toString());
        List<JsonNode> a = tracks(dir.resolve("local.jsonl"));
        List<JsonNode> b = tracks(dir.resolve("remote.jsonl"));
        assertTrue(!a.isEmpty() && !b.isEmpty(), a.size() + " and " + b.size() + " track events");
        for (List<JsonNode> t : List.of(a, b)) {
            assertTrue(t.stream().allMatch(e -> e.at("/object/class").asText().equals("person")), t.toString());
            assertEquals(
                    1,
                    t.stream()
                            .map(e -> e.get("tracking_id").asText())
                            .distinct()
                            .count(),
                    "one person, one id");
        }
        for (String side : List.of("l", "t", "w", "h")) {
            double x = a.get(0).at("/box/" + side).asDouble();
            double y = b.get(0).at("/box/" + side).asDouble();
            assertEquals(
                    x,
                    y,
                    0.05,
                    side + " of her first box: in process " + a.get(0).get("box") + ", over HTTP "
                            + b.get(0).get("box"));
        }
    }
}
