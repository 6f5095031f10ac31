package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventEnvelope;

/** A pool of distinct, valid track v2 events of about 500 bytes of minified JSON. */
final class BenchEvents {

    private final ObjectNode[] pool;

    BenchEvents(int size) {
        EventEnvelope envelope = new EventEnvelope();
        pool = new ObjectNode[size];
        for (int i = 0; i < size; i++) {
            ObjectNode e = envelope.start(
                    "track", 2, "camera-" + (i % 8), 100_000 + i, 4000.0 + i / 25.0, 1_795_446_600_000L + i);
            e.put("tracking_id", "camera-" + (i % 8) + "-track-" + (i % 97));
            ObjectNode object = e.putObject("object");
            object.put("class", i % 2 == 0 ? "Person" : "Vehicle").put("confidence", 0.8123);
            var attributes = object.putArray("attributes");
            attributes
                    .addObject()
                    .put("name", "color")
                    .put("value", "dark-blue")
                    .put("confidence", 0.71);
            attributes
                    .addObject()
                    .put("name", "direction")
                    .put("value", "north-east")
                    .put("confidence", 0.64);
            e.putObject("box")
                    .put("l", 0.4268)
                    .put("t", 0.4766)
                    .put("w", 0.0195)
                    .put("h", 0.0209);
            e.putObject("velocity").put("dx", 0.0123).put("dy", -0.0045);
            pool[i] = e;
        }
    }

    ObjectNode get(long i) {
        return pool[(int) (i % pool.length)];
    }

    int averageBytes() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long total = 0;
        for (ObjectNode e : pool) {
            total += mapper.writeValueAsBytes(e).length;
        }
        return (int) (total / pool.length);
    }
}
