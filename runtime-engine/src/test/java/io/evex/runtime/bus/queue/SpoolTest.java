package io.evex.runtime.bus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.RecordingExporter;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.convert.Converters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk spool on its own, and as the overflow of an exporter's queue. */
class SpoolTest {

    @TempDir
    Path dir;

    private static byte[] record(int i) {
        return String.format("{\"n\":%04d,\"pad\":\"%s\"}", i, "x".repeat(90)).getBytes(StandardCharsets.UTF_8);
    }

    private static int n(byte[] r) {
        String s = new String(r, StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(5, s.indexOf(',')));
    }

    private static List<Integer> drain(Spool spool) {
        List<Integer> out = new ArrayList<>();
        while (!spool.isEmpty()) {
            List<byte[]> batch = spool.peek(7);
            batch.forEach(r -> out.add(n(r)));
            spool.commit(batch.size());
        }
        return out;
    }

    @Test
    void recordsComeBackInOrderAcrossARestartAndDeliveredOnesDoNot() {
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            for (int i = 0; i < 100; i++) {
                assertTrue(s.append(record(i)));
            }
            List<byte[]> first = s.peek(30);
            assertEquals(30, first.size());
            s.commit(30);
            assertEquals(70, s.size());
        }
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            assertEquals(70, s.size());
            s.append(record(100));
            List<Integer> all = drain(s);
            assertEquals(71, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(30 + i, all.get(i));
            }
            assertEquals(71, s.replayed());
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffAndTheRestSurvives() throws Exception {
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            for (int i = 0; i < 10; i++) {
                s.append(record(i));
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment =
                    files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        // Half a record at the end, as a kill in the middle of a write leaves it.
        Files.write(segment, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, '{', '"'}, StandardOpenOption.APPEND);
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            assertEquals(10, s.size());
            s.append(record(10));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), drain(s));
        }
    }

    @Test
    void aCursorSavedLateNeverAppliesToANewerSegment() {
        Spool first = new Spool(dir, 1 << 20, true);
        for (int i = 0; i < 10; i++) {
            first.append(record(i));
        }
        first.commit(5); // the cursor says: segment 1 from record 5; then the process is killed
        Spool second = new Spool(dir, 1 << 20, true);
        assertEquals(5, second.size());
        second.commit(5, false); // segment 1 is done and deleted; the cursor is not saved before the next kill
        for (int i = 10; i < 20; i++) {
            second.append(record(i));
        }
        try (Spool third = new Spool(dir, 1 << 20, true)) {
            assertEquals(List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19), drain(third));
        }
    }

    @Test
    void prependedRecordsComeFirst() {
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            s.append(record(3));
            s.append(record(4));
            s.commit(0);
            s.prepend(List.of(record(1), record(2)));
        }
        try (Spool s = new Spool(dir, 1 << 20, true)) {
            assertEquals(List.of(1, 2, 3, 4), drain(s));
        }
    }

    @Test
    void aFullSpoolDropsTheOldestOrTheNewestAndCounts() {
        int size = 8 + record(0).length;
        try (Spool oldest = new Spool(dir.resolve("a"), 10L * size, true)) {
            for (int i = 0; i < 15; i++) {
                assertTrue(oldest.append(record(i)));
            }
            assertEquals(5, oldest.droppedWhenFull());
            assertEquals(List.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14), drain(oldest));
        }
        try (Spool newest = new Spool(dir.resolve("b"), 10L * size, false)) {
            for (int i = 0; i < 15; i++) {
                assertEquals(i < 10, newest.append(record(i)));
            }
            assertEquals(5, newest.droppedWhenFull());
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), drain(newest));
        }
    }

    /** An exporter whose destination is down until told otherwise. */
    private static final class FlakyExporter extends RecordingExporter {
        volatile boolean up;

        @Override
        public void deliver(Event event) throws ExportException {
            if (!up) {
                throw new RetriableExportException("destination down");
            }
            super.deliver(event);
        }
    }

    private static ObjectNode event(int i) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("$id", "metadata")
                .put("$version", 1)
                .put("event_id", "e" + i)
                .put("channel", "c" + (i % 3))
                .put("n", i);
        return e;
    }

    private ExporterWorker spoolingWorker(FlakyExporter exporter) {
        QueueSettings queue = new QueueSettings(50, OverflowPolicy.SPOOL, dir, 64L << 20, true);
        return ExporterWorker.builder("flaky", exporter)
                .negotiated(Map.of("metadata", 1))
                .queue(EventQueue.open(queue, dir))
                .retry(new RetrySettings(Backoff.ofMillis(1, 5), 0))
                .build();
    }

    @Test
    void aDownDestinationFillsTheSpoolAndGetsEverythingInOrderWhenItReturns() throws Exception {
        FlakyExporter exporter = new FlakyExporter();
        ExporterWorker worker = spoolingWorker(exporter);
        EventBus bus = new EventBus(List.of(worker), Converters.builtIn(), false);
        worker.start();
        for (int i = 0; i < 3000; i++) {
            bus.publish(event(i));
        }
        Thread.sleep(100);
        assertTrue(
                (long) worker.stats().details().get("spooled") >= 2900,
                worker.stats().toString());
        exporter.up = true;
        for (int i = 3000; i < 3500; i++) {
            bus.publish(event(i));
        }
        Waits.until("3500 events delivered", Duration.ofSeconds(20), () -> exporter.received.size() >= 3500);
        bus.close(5_000);
        assertEquals(3500, exporter.received.size());
        for (int i = 0; i < 3500; i++) {
            assertEquals(i, exporter.received.get(i).json().get("n").asInt(), "order at " + i);
        }
        assertEquals(0, worker.stats().dropped());
        assertEquals(
                worker.stats().details().get("spooled"),
                worker.stats().details().get("spool_replayed"));
    }

    @Test
    void whatIsUndeliveredAtStopWaitsOnDiskForTheNextStart() throws Exception {
        FlakyExporter down = new FlakyExporter();
        ExporterWorker first = spoolingWorker(down);
        EventBus bus = new EventBus(List.of(first), Converters.builtIn(), false);
        first.start();
        for (int i = 0; i < 1000; i++) {
            bus.publish(event(i));
        }
        bus.close(300);
        assertTrue(down.received.isEmpty());
        assertEquals(0, first.stats().dropped(), "nothing dropped: " + first.stats());

        FlakyExporter up = new FlakyExporter();
        up.up = true;
        ExporterWorker second = spoolingWorker(up);
        EventBus again = new EventBus(List.of(second), Converters.builtIn(), false);
        second.start();
        again.publish(event(1000));
        Waits.until("1001 events delivered", Duration.ofSeconds(20), () -> up.received.size() >= 1001);
        again.close(5_000);
        assertEquals(1001, up.received.size());
        for (int i = 0; i <= 1000; i++) {
            assertEquals(i, up.received.get(i).json().get("n").asInt(), "order at " + i);
        }
        assertTrue(up.received.get(0) instanceof StoredEvent, "the first came from the spool");
    }
}
