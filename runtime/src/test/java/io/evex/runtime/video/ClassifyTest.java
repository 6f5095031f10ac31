package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.testing.TestModels;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A second model on the objects' pictures: a classifier built at test time (the picture's dominant
 * channel, labelled red, green, blue in its metadata) reads the sample's red walker.
 */
class ClassifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigLoader loader = new ConfigLoader(new SchemaValidator());

    private ChannelSettings channel(String classify) throws Exception {
        JsonNode entry =
                JSON.readTree("{\"name\": \"lobby\", \"url\": \"sample\", \"realtime\": false, \"loop\": false,"
                        + " \"detector\": {\"type\": \"motion\"}, \"classify\": " + classify + "}");
        return loader.channel(entry, "test");
    }

    @Test
    void theWalkersPicturesAreClassifiedAndTheAnswerRidesOnItsLaterTracks() throws Exception {
        Path model = TestModels.dir().resolve("colours.onnx");
        ChannelSettings settings = channel("[{\"name\": \"colour\", \"model\": \"" + model
                + "\", \"classes\": [\"motion\"]," + " \"every\": \"500ms\"}]");
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (Channel c = new Channel(settings, events::add, new EventEnvelope(), ChannelListener.NONE).start()) {
            assertTrue(c.await(30_000), "the sample ends");
            c.close();
            var classify = c.analysisStats().get("classify");
            assertTrue(classify.counters().get("pictures").longValue() >= 3, classify.toString());
            assertEquals(
                    0L, classify.counters().get("skipped").longValue(), "read faster than real time: none skipped");
        }
        EventCatalog catalog = EventCatalog.load();
        events.forEach(e -> assertEquals(List.of(), catalog.validate(e, "classify", 0), e.toString()));
        List<ObjectNode> attributes = events.stream()
                .filter(e -> e.get("$id").asText().equals("attribute"))
                .toList();
        assertFalse(attributes.isEmpty(), "attribute events");
        for (ObjectNode a : attributes) {
            assertEquals("colour", a.at("/attributes/0/name").asText(), a.toString());
            assertEquals("red", a.at("/attributes/0/value").asText(), "the walker is red: " + a);
            assertTrue(a.at("/attributes/0/confidence").asDouble() > 0.5, a.toString());
        }
        ObjectNode first = attributes.get(0);
        List<ObjectNode> later = events.stream()
                .filter(e -> e.get("$id").asText().equals("track"))
                .filter(e -> e.get("tracking_id").equals(first.get("ref_tracking_id")))
                .filter(e -> e.get("frame_id").asLong() > first.get("frame_id").asLong())
                .toList();
        assertFalse(later.isEmpty(), "the track went on after its first attribute");
        for (ObjectNode t : later) {
            assertEquals("colour", t.at("/object/attributes/0/name").asText(), t.toString());
            assertEquals("red", t.at("/object/attributes/0/value").asText(), t.toString());
        }
    }

    @Test
    void aClassifierWhoseLabelsDoNotFitItsOutputsIsRefusedWithTheConfiguration() throws Exception {
        Path model = TestModels.dir().resolve("colours.onnx");
        ProblemException e = assertThrows(
                ProblemException.class,
                () -> channel(
                        "[{\"name\": \"colour\", \"model\": \"" + model + "\", \"labels\": [\"warm\", \"cold\"]}]"));
        assertTrue(e.getMessage().contains("classify 'colour': colours.onnx gives 3 scores"), e.getMessage());
    }
}
