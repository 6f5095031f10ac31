package io.evex.schemas.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvertersTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Converters converters = Converters.builtIn();

    @Test
    void trackV1ToV2MovesFieldsAndKeepsTheInputUntouched() throws Exception {
        ObjectNode v1 = (ObjectNode)
                mapper.readTree(
                        "{\"$id\":\"track\",\"$version\":1,\"event_id\":\"e\",\"tracking_id\":\"t\","
                                + "\"object_class\":\"Vehicle\",\"confidence\":0.8,\"location\":{\"x\":0.1,\"y\":0.2,\"width\":0.3,\"height\":0.4}}");
        String before = v1.toString();
        ObjectNode v2 = converters.convert(v1, "track", 1, 2);
        assertEquals(before, v1.toString());
        assertEquals(
                mapper.readTree(
                        "{\"$id\":\"track\",\"$version\":2,\"event_id\":\"e\",\"tracking_id\":\"t\","
                                + "\"object\":{\"class\":\"Vehicle\",\"confidence\":0.8},\"box\":{\"l\":0.1,\"t\":0.2,\"w\":0.3,\"h\":0.4}}"),
                v2);
        assertEquals(v1, converters.convert(v2, "track", 2, 1));
    }

    @Test
    void v2FieldsWithoutPlaceInV1AreLeftOut() throws Exception {
        ObjectNode v2 = (ObjectNode)
                mapper.readTree(
                        "{\"$id\":\"track\",\"$version\":2,\"tracking_id\":\"t\","
                                + "\"object\":{\"class\":\"Person\",\"attributes\":[]},\"box\":{\"l\":0,\"t\":0,\"w\":1,\"h\":1},\"velocity\":{\"dx\":1,\"dy\":0}}");
        ObjectNode v1 = converters.convert(v2, "track", 2, 1);
        assertFalse(v1.has("velocity"));
        assertFalse(v1.has("confidence"));
        assertEquals("Person", v1.get("object_class").asText());
    }

    @Test
    void chainsAreFoundAcrossSeveralSteps() {
        Converters chainable = new Converters(List.of(new Step(1, 2), new Step(2, 3), new Step(3, 2), new Step(2, 1)));
        assertEquals(2, chainable.chain("t", 1, 3).orElseThrow().size());
        assertEquals(2, chainable.chain("t", 3, 1).orElseThrow().size());
        assertEquals(0, chainable.chain("t", 2, 2).orElseThrow().size());
        assertFalse(chainable.chain("t", 1, 4).isPresent());
        assertThrows(
                IllegalArgumentException.class, () -> converters.convert(mapper.createObjectNode(), "metadata", 1, 2));
    }

    private record Step(int from, int to) implements EventConverter {
        @Override
        public String type() {
            return "t";
        }

        @Override
        public ObjectNode convert(ObjectNode event) {
            return event.deepCopy().put("$version", to);
        }
    }
}
