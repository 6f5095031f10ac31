package io.evex.runtime.bus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.runtime.bus.RecordingExporter;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.testing.Waits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable queue: on disk before publishing returns, off disk once confirmed, replayed first after a kill. */
class DurableQueueTest {

    private static final long SYNC = 2_000_000L;

    @TempDir
    Path dir;

    static Event event(int n) {
        String json = "{\"$id\":\"metadata\",\"$version\":1,\"event_id\":\"" + String.format("e%05d", n)
                + "\",\"channel\":\"c\"" + ",\"pad\":\"" + "x".repeat(100) + "\"}";
        return StoredEvent.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int n(Event e) {
        return Integer.parseInt(e.eventId().substring(1));
    }

    private DurableQueue open(int capacity, long maxBytes, boolean dropOldest) {
        return new DurableQueue(capacity, new Spool(dir, maxBytes, dropOldest), SYNC, dropOldest);
    }

    private static List<Integer> drain(EventQueue q) throws InterruptedException {
        List<Integer> out = new ArrayList<>();
        List<Event> batch = new ArrayList<>();
        while (q.take(batch, 64, 0) > 0) {
            batch.forEach(e -> out.add(n(e)));
            q.settle(batch, batch.size());
            q.confirm(q.awaitingConfirmation());
        }
        return out;
    }

    @Test
    void aKilledProcessLosesNothingItsPublishReturnedFor() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableQueueChild.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        int last = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null && last < 3000; ) {
                if (line.startsWith("published ")) {
                    last = Integer.parseInt(line.substring(10));
                }
            }
            child.destroyForcibly(); // SIGKILL in the middle of publishing: no shutdown hook runs
            child.waitFor();
        }
        assertTrue(last >= 3000, "the child published (last said: " + last + ")");
        try (DurableQueue again = open(100, 1L << 30, true)) {
            List<Integer> replayed = drain(again);
            assertTrue(replayed.size() > last, replayed.size() + " replayed, " + (last + 1) + " said published");
            for (int i = 0; i < replayed.size(); i++) {
                assertEquals(i, replayed.get(i), "in order, no gap, at " + i);
            }
            assertEquals((long) replayed.size(), again.details().get("spool_recovered"));
        }
    }

    @Test
    void onlyConfirmedEventsLeaveTheDiskAndTheRestComesFirstInOrder() throws Exception {
        try (DurableQueue q = open(1000, 1L << 30, true)) {
            for (int i = 0; i < 100; i++) {
                q.offer(event(i), false);
            }
            List<Event> batch = new ArrayList<>();
            assertEquals(64, q.take(batch, 64, 0));
            q.settle(batch, 64);
            q.confirm(q.awaitingConfirmation() - 24); // the exporter has 24 still in flight
            assertEquals(24L, q.awaitingConfirmation());
            assertEquals(60L, q.details().get("spool_pending"), "100 published, 40 confirmed");
            q.keep(List.of());
        }
        try (DurableQueue q = open(1000, 1L << 30, true)) {
            List<Integer> replayed = drain(q);
            assertEquals(60, replayed.size());
            for (int i = 0; i < 60; i++) {
                assertEquals(40 + i, replayed.get(i));
            }
        }
    }

    @Test
    void beyondMemoryEventsWaitOnDiskAndAllArriveInOrderThroughAWorker() throws Exception {
        WindowExporter exporter = new WindowExporter();
        exporter.down = true;
        ExporterWorker worker = ExporterWorker.builder("durable", exporter)
                .negotiated(Map.of("metadata", 1))
                .queue(open(20, 1L << 30, true))
                .retry(new RetrySettings(Backoff.ofMillis(1, 5), 0))
                .build();
        worker.start();
        for (int i = 0; i < 2000; i++) {
            worker.offer(event(i), false);
        }
        assertEquals(2000L, worker.stats().details().get("spool_pending"), "every event on disk");
        exporter.down = false;
        Waits.until("2000 delivered", Duration.ofSeconds(20), () -> exporter.sent() >= 2000);
        assertTrue((long) worker.stats().details().get("spool_pending") >= 2000, "nothing confirmed yet");
        exporter.confirmAll();
        worker.offer(event(2000), false); // the next batch tells the queue what was confirmed
        Waits.until(
                "all but the newest off disk",
                Duration.ofSeconds(10),
                () -> (long) worker.stats().details().get("spool_pending") <= 1);
        worker.stop(System.nanoTime());
        assertTrue(worker.awaitStopped(5_000));
        List<Integer> got = exporter.all();
        for (int i = 0; i <= 2000; i++) {
            assertEquals(i, got.get(i), "order at " + i);
        }
        assertEquals(0, worker.stats().dropped());
    }

    @Test
    void anExporterThatCannotTellIsConfirmedByItsFlush() throws Exception {
        RecordingExporter exporter = new RecordingExporter();
        ExporterWorker worker = ExporterWorker.builder("file-like", exporter)
                .negotiated(Map.of("metadata", 1))
                .queue(open(100, 1L << 30, true))
                .build();
        worker.start();
        for (int i = 0; i < 5000; i++) {
            worker.offer(event(i), false);
        }
        Waits.until(
                "5000 delivered and flushed",
                Duration.ofSeconds(20),
                () -> exporter.received.size() == 5000
                        && (long) worker.stats().details().get("spool_pending") == 0);
        for (int i = 5000; i < 5050; i++) {
            worker.offer(event(i), false); // a trickle: confirmed by the flush when the queue runs dry
        }
        Waits.until(
                "a trickle flushed",
                Duration.ofSeconds(20),
                () -> exporter.received.size() == 5050
                        && (long) worker.stats().details().get("spool_pending") == 0);
        assertTrue(exporter.flushes > 0);
        worker.stop(System.nanoTime());
        assertTrue(worker.awaitStopped(5_000));
    }

    @Test
    void aFullLogDropsTheOldestOnDiskOnlyButDeliversThoseStillInMemory() throws Exception {
        int record = 8 + event(0).bytes().length;
        try (DurableQueue q = open(10, 50L * record, true)) {
            for (int i = 0; i < 120; i++) {
                q.offer(event(i), false);
            }
            assertEquals(60L, q.dropped(), "120 published, room for 50 on disk and 10 in memory");
            assertEquals(10L, q.details().get("spool_unprotected"));
            List<Integer> got = drain(q);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(i); // in memory: delivered although their records made room
            }
            for (int i = 70; i < 120; i++) {
                expected.add(i); // the newest on disk
            }
            assertEquals(expected, got);
        }
    }

    @Test
    void aFullLogWithDropNewestRefusesTheArrivingEvents() throws Exception {
        int record = 8 + event(0).bytes().length;
        try (DurableQueue q = open(10, 50L * record, false)) {
            for (int i = 0; i < 120; i++) {
                q.offer(event(i), false);
            }
            assertEquals(70L, q.dropped());
            List<Integer> got = drain(q);
            assertEquals(50, got.size());
            for (int i = 0; i < 50; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    @Test
    void theQueueBlockIsReadWithItsDurationsAndRefusesNonsense() {
        ObjectMapper json = new ObjectMapper();
        QueueSettings q =
                QueueSettings.read(json.valueToTree(Map.of("durable", true, "sync", "20ms")), QueueSettings.DEFAULT);
        assertTrue(q.durable());
        assertEquals(20_000_000L, q.syncNanos());
        assertEquals(
                0L, QueueSettings.read(json.valueToTree(Map.of("sync", "0")), q).syncNanos());
        assertEquals(
                3_000_000L,
                QueueSettings.read(json.valueToTree(Map.of("sync_ms", 3)), q).syncNanos());
        assertEquals(OverflowPolicy.DROP_OLDEST, q.overflow());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> QueueSettings.read(json.valueToTree(Map.of("sync", "fast")), q));
        assertTrue(bad.getMessage().startsWith("sync: 'fast' is not a duration"), bad.getMessage());
        IllegalArgumentException notBool = assertThrows(
                IllegalArgumentException.class,
                () -> QueueSettings.read(json.valueToTree(Map.of("durable", "yes")), q));
        assertTrue(notBool.getMessage().contains("durable must be true or false"), notBool.getMessage());
    }

    /** Like a broker client: what it sends stays in flight until the broker (the test) confirms it. */
    private static final class WindowExporter extends RecordingExporter {
        volatile boolean down;
        private final ArrayDeque<Integer> inflight = new ArrayDeque<>();
        private final List<Integer> all = new ArrayList<>();

        @Override
        public synchronized void deliver(Event event) throws ExportException {
            if (down) {
                throw new RetriableExportException("destination down");
            }
            inflight.add(n(event));
            all.add(n(event));
        }

        synchronized void confirmAll() {
            inflight.clear();
        }

        synchronized int sent() {
            return all.size();
        }

        synchronized List<Integer> all() {
            return new ArrayList<>(all);
        }

        @Override
        public synchronized int unconfirmed() {
            return inflight.size();
        }
    }
}
