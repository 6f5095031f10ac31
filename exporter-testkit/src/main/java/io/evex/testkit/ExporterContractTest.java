package io.evex.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle contract of {@link Exporter}, run against one exporter kind. Every built-in
 * exporter module extends it, and so can a third-party plugin:
 * <pre>{@code
 * class MyExporterContractTest extends ExporterContractTest {
 *     protected ExporterFactory factory() { return new MyExporterFactory(); }
 *     protected Map<String, Object> settings(Path dir) { return Map.of("path", dir.resolve("out.txt").toString()); }
 * }
 * }</pre>
 * What it checks (as the OpenTelemetry Collector's generated lifecycle tests do): stop is safe
 * without start; a full start, deliver, flush, stop runs through; a delivery that fails leaves the
 * exporter able to flush and take the next event; the shared event tree and bytes, which every
 * exporter of the version reads, are never modified; {@link Exporter#undelivered()} returns only
 * delivered events, once each, in delivery order.
 */
public abstract class ExporterContractTest {

    /** A folder of this test's own; {@link #settings} usually points the exporter into it. */
    @TempDir
    protected Path dir;

    /** The kind under test. */
    protected abstract ExporterFactory factory();

    /** Settings that make a working exporter of the kind, writing under {@code dir}. */
    protected Map<String, Object> settings(Path dir) {
        return Map.of();
    }

    /** The events delivered in these tests, schema-valid, as the runtime hands them over. */
    protected List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            events.add(Events.track(i % 2 == 0 ? "lobby" : "dock", i));
        }
        events.add(Events.motion("lobby", 7));
        events.add(Events.metadata("dock", 8, "door opened"));
        return events;
    }

    /**
     * Takes the exporter's destination away (stops its broker, say), for the {@code undelivered()}
     * test; kinds without a remote destination leave it as is.
     */
    protected void destinationDown() throws Exception {}

    /** Brings the destination back after {@link #destinationDown()}. */
    protected void destinationUp() throws Exception {}

    private TestExporterContext context() throws Exception {
        Map<String, Integer> negotiated = new LinkedHashMap<>();
        events().forEach(e -> negotiated.put(e.type(), e.version()));
        return TestExporterContext.of(factory())
                .settings(settings(dir))
                .workingDirectory(dir)
                .negotiated(negotiated)
                .build();
    }

    private Exporter started() throws Exception {
        Exporter exporter = factory().create();
        exporter.start(context());
        return exporter;
    }

    @Test
    void stopIsSafeWithoutStart() {
        Exporter exporter = factory().create();
        assertDoesNotThrow(exporter::stop, "stop() without start()");
    }

    @Test
    void startDeliverFlushStopRunsThrough() throws Exception {
        Exporter exporter = started();
        try {
            for (Event e : events()) {
                exporter.deliver(e);
            }
            exporter.flush();
        } finally {
            exporter.stop();
        }
    }

    @Test
    void aFailedDeliveryLeavesTheExporterAbleToFlushAndGoOn() throws Exception {
        Exporter exporter = started();
        try {
            try {
                exporter.deliver(new BrokenEvent());
            } catch (ExportException | RuntimeException expected) {
                // either is fine: the runtime counts the event as failed
            }
            try {
                exporter.flush();
            } catch (ExportException e) {
                // a flush may report the earlier failure, as a checked failure
            } catch (RuntimeException e) {
                fail("flush after a failed delivery threw " + e);
            }
            exporter.deliver(events().get(0));
            exporter.flush();
        } finally {
            exporter.stop();
        }
    }

    @Test
    void theSharedEventIsNeverModified() throws Exception {
        List<Event> events = events();
        List<ObjectNode> trees = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (Event e : events) {
            trees.add(e.json().deepCopy());
            bytes.add(e.bytes().clone());
        }
        Exporter exporter = started();
        try {
            for (Event e : events) {
                exporter.deliver(e);
            }
            exporter.flush();
        } finally {
            exporter.stop();
        }
        for (int i = 0; i < events.size(); i++) {
            assertEquals(trees.get(i), events.get(i).json(), "event " + i + "'s tree was modified");
            assertTrue(Arrays.equals(bytes.get(i), events.get(i).bytes()), "event " + i + "'s bytes were modified");
        }
    }

    @Test
    void undeliveredHoldsOnlyDeliveredEventsOnceInOrder() throws Exception {
        List<Event> events = events();
        List<Event> taken = new ArrayList<>();
        Exporter exporter = started();
        try {
            for (int i = 0; i < events.size(); i++) {
                if (i == events.size() / 2) {
                    destinationDown();
                }
                try {
                    exporter.deliver(events.get(i));
                    taken.add(events.get(i));
                } catch (ExportException e) {
                    // refused: the runtime keeps it, so it must not come back from undelivered()
                }
            }
            try {
                exporter.flush();
            } catch (ExportException e) {
                // the destination is down
            }
            List<Event> left = exporter.undelivered();
            int last = -1;
            for (Event e : left) {
                int at = taken.indexOf(e);
                assertTrue(at >= 0, "undelivered() returned an event it was never given: " + e);
                assertTrue(at > last, "undelivered() is out of delivery order or repeats: " + left);
                last = at;
            }
        } finally {
            exporter.stop();
            destinationUp();
        }
    }

    /** An event whose content cannot be read: a delivery that fails for a reason of the event's own. */
    private static final class BrokenEvent implements Event {
        @Override
        public String type() {
            return "track";
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public String eventId() {
            return "broken";
        }

        @Override
        public String channel() {
            return "lobby";
        }

        @Override
        public ObjectNode json() {
            throw new IllegalStateException("this event cannot be read (contract test)");
        }

        @Override
        public byte[] bytes() {
            throw new IllegalStateException("this event cannot be read (contract test)");
        }
    }
}
