package io.evex.runtime.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.schemas.convert.Converters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exporters added and removed while events flow: the bus swaps its routes whole, so an exporter that
 * stays misses nothing and sees every event in order, and one that joins for a while gets an unbroken
 * run of the events published meanwhile, then drains and stops.
 */
class EventBusSwapTest {

    private static ObjectNode track(int i) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("$id", "track")
                .put("$version", 2)
                .put("event_id", Integer.toString(i))
                .put("channel", "c");
        e.put("tracking_id", "t");
        e.putObject("object").put("class", "Person");
        e.putObject("box").put("l", 0.1).put("t", 0.2).put("w", 0.3).put("h", 0.4);
        return e;
    }

    private static ExporterWorker worker(String name, RecordingExporter exporter) {
        ExporterWorker w = ExporterWorker.builder(name, exporter)
                .negotiated(Map.of("track", 2))
                .queue(QueueSettings.DEFAULT)
                .build();
        w.start();
        return w;
    }

    private static int id(Event e) {
        return Integer.parseInt(e.eventId());
    }

    @Test
    void exportersJoinAndLeaveWhileEventsFlowAndTheOthersMissNothing() throws Exception {
        RecordingExporter steady = new RecordingExporter();
        EventBus bus = new EventBus(List.of(worker("steady", steady)), Converters.builtIn(), true);
        int n = 30_000;
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                bus.publish(track(i));
            }
        });
        publisher.start();
        RecordingExporter[] visitors = new RecordingExporter[6];
        for (int k = 0; k < visitors.length; k++) {
            visitors[k] = new RecordingExporter();
            bus.add(worker("visitor-" + k, visitors[k]));
            assertThrows(IllegalArgumentException.class, () -> bus.add(worker("steady", new RecordingExporter())));
            Thread.sleep(3);
            assertTrue(bus.remove("visitor-" + k, 5_000));
            assertTrue(visitors[k].stopped, "a removed exporter has drained and stopped");
            assertNull(bus.exporter("visitor-" + k));
        }
        assertFalse(bus.remove("nobody", 1_000));
        publisher.join();
        bus.close(10_000);

        assertEquals(n, steady.received.size(), "the exporter that stayed got every event");
        for (int i = 0; i < n; i++) {
            assertEquals(i, id(steady.received.get(i)), "in order");
        }
        for (RecordingExporter v : visitors) {
            List<Event> got = v.received;
            for (int i = 1; i < got.size(); i++) {
                assertEquals(id(got.get(i - 1)) + 1, id(got.get(i)), "a visitor's events are one unbroken run");
            }
        }
        assertEquals(1, bus.stats().size(), "only the steady exporter is left");
    }
}
