package io.evex.runtime.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.ManualTicker;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.runtime.bus.delivery.ChannelScope;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.delivery.WorkerState;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.testing.Waits;
import io.evex.schemas.convert.Converters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private final ManualTicker ticker = new ManualTicker();

    private ExporterWorker worker(
            String name, RecordingExporter exporter, Map<String, Integer> versions, QueueSettings queue) {
        return ExporterWorker.builder(name, exporter)
                .negotiated(versions)
                .queue(queue)
                .ticker(ticker)
                .build();
    }

    private static ObjectNode track(int i) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("$id", "track")
                .put("$version", 2)
                .put("event_id", "e" + i)
                .put("channel", "c")
                .put("tracking_id", "t");
        e.putObject("object").put("class", "Person");
        e.putObject("box").put("l", 0.1).put("t", 0.2).put("w", 0.3).put("h", 0.4);
        return e;
    }

    private static EventBus bus(boolean lossless, ExporterWorker... workers) {
        EventBus bus = new EventBus(List.of(workers), Converters.builtIn(), lossless);
        for (ExporterWorker w : workers) {
            w.start();
        }
        return bus;
    }

    @Test
    void eachExporterGetsItsNegotiatedVersionAndSameVersionsShareOneObject() {
        RecordingExporter a = new RecordingExporter();
        RecordingExporter b = new RecordingExporter();
        RecordingExporter old = new RecordingExporter();
        EventBus bus = bus(
                false,
                worker("a", a, Map.of("track", 2), QueueSettings.DEFAULT),
                worker("b", b, Map.of("track", 2), QueueSettings.DEFAULT),
                worker("old", old, Map.of("track", 1), QueueSettings.DEFAULT));
        bus.publish(track(1));
        bus.publish(JsonNodeFactory.instance.objectNode().put("$id", "metadata").put("$version", 1));
        bus.close(5_000);
        assertEquals(1, a.received.size());
        assertSame(a.received.get(0), b.received.get(0), "one shared event per (event, version)");
        assertSame(a.received.get(0).bytes(), b.received.get(0).bytes(), "serialised once, bytes shared");
        Event v1 = old.received.get(0);
        assertEquals(1, v1.version());
        assertEquals("Person", v1.json().get("object_class").asText());
        assertEquals(0.1, v1.json().at("/location/x").asDouble());
        assertEquals("e1", v1.eventId());
        assertEquals(1, bus.unrouted(), "metadata had no subscriber");
        assertTrue(a.stopped && old.stopped);
        assertTrue(a.flushes >= 1, "flushed when idle or at stop");
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsTheRest() throws Exception {
        RecordingExporter slow = new RecordingExporter();
        slow.gate = new CountDownLatch(1);
        ExporterWorker w = worker("slow", slow, Map.of("track", 2), new QueueSettings(10, OverflowPolicy.DROP_OLDEST));
        EventBus bus = bus(false, w);
        bus.publish(track(0));
        waitUntil(() -> w.stats().queued() == 0); // event 0 is being delivered, held by the gate
        for (int i = 1; i <= 100; i++) {
            bus.publish(track(i));
        }
        assertEquals(90, w.stats().dropped());
        slow.gate.countDown();
        bus.close(5_000);
        assertEquals(11, slow.received.size());
        assertEquals("e0", slow.received.get(0).eventId());
        assertEquals("e91", slow.received.get(1).eventId());
        assertEquals("e100", slow.received.get(10).eventId());
        assertEquals(11, w.stats().delivered());
    }

    @Test
    void dropNewestKeepsTheQueuedEvents() throws Exception {
        RecordingExporter slow = new RecordingExporter();
        slow.gate = new CountDownLatch(1);
        ExporterWorker w = worker("slow", slow, Map.of("track", 2), new QueueSettings(10, OverflowPolicy.DROP_NEWEST));
        EventBus bus = bus(false, w);
        bus.publish(track(0));
        waitUntil(() -> w.stats().queued() == 0);
        for (int i = 1; i <= 100; i++) {
            bus.publish(track(i));
        }
        slow.gate.countDown();
        bus.close(5_000);
        assertEquals(90, w.stats().dropped());
        assertEquals("e10", slow.received.get(10).eventId());
    }

    @Test
    void blockMakesThePublisherWaitAndLosesNothing() throws Exception {
        RecordingExporter slow = new RecordingExporter();
        slow.gate = new CountDownLatch(1);
        ExporterWorker w = worker("slow", slow, Map.of("track", 2), new QueueSettings(5, OverflowPolicy.BLOCK));
        EventBus bus = bus(false, w);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                bus.publish(track(i));
                published.incrementAndGet();
            }
        });
        publisher.start();
        waitUntil(() -> w.stats().queued() == 5);
        int before;
        do { // the worker may still take a first batch; wait until the publisher has settled
            before = published.get();
            Thread.sleep(100);
        } while (published.get() != before);
        assertTrue(before < 50, "the publisher is held back after " + before + " events");
        Thread.sleep(100);
        assertEquals(before, published.get(), "the publisher waits while the queue is full");
        assertEquals(5, w.stats().queued());
        slow.gate.countDown();
        publisher.join(5_000);
        bus.close(5_000);
        assertEquals(50, slow.received.size());
        assertEquals(0, w.stats().dropped());
    }

    @Test
    void aStalledOrThrowingExporterDoesNotDelayTheOthers() throws Exception {
        RecordingExporter stalled = new RecordingExporter();
        stalled.gate = new CountDownLatch(1);
        RecordingExporter throwing = new RecordingExporter() {
            @Override
            public void deliver(Event event) {
                throw new IllegalStateException("bug in exporter");
            }
        };
        RecordingExporter healthy = new RecordingExporter();
        ExporterWorker s =
                worker("stalled", stalled, Map.of("track", 2), new QueueSettings(100, OverflowPolicy.DROP_NEWEST));
        ExporterWorker t = worker("throwing", throwing, Map.of("track", 2), QueueSettings.DEFAULT);
        ExporterWorker h = worker("healthy", healthy, Map.of("track", 2), QueueSettings.DEFAULT);
        EventBus bus = bus(false, s, t, h);
        for (int i = 0; i < 5_000; i++) {
            bus.publish(track(i));
        }
        waitUntil(() -> healthy.received.size() == 5_000);
        waitUntil(() -> t.stats().failed() == 5_000);
        assertEquals(0, h.stats().dropped());
        stalled.gate.countDown();
        bus.close(5_000);
        assertTrue(s.stats().dropped() > 4_000, "the stalled exporter's own queue overflowed");
    }

    @Test
    void transientFailuresAreRetriedWithDoublingCappedBackoffAndPermanentOnesAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RecordingExporter flaky = new RecordingExporter() {
            @Override
            public void deliver(Event event) throws ExportException {
                if (event.eventId().equals("e0") && calls.incrementAndGet() <= 6) {
                    throw new RetriableExportException("broker busy");
                }
                if (event.eventId().equals("e1")) {
                    throw new PermanentExportException("payload too large");
                }
                super.deliver(event);
            }
        };
        ExporterWorker w = ExporterWorker.builder("flaky", flaky)
                .negotiated(Map.of("track", 2))
                .retry(new RetrySettings(Backoff.ofMillis(100, 1_000), 0))
                .ticker(ticker)
                .build();
        EventBus bus = bus(false, w);
        bus.publish(track(0));
        bus.publish(track(1));
        bus.publish(track(2));
        bus.close(5_000);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), ticker.sleepsMs());
        assertEquals(
                List.of("e0", "e2"), flaky.received.stream().map(Event::eventId).toList());
        assertEquals(6, w.stats().retries());
        assertEquals(1, w.stats().failed());
        assertEquals(2, w.stats().delivered());
    }

    @Test
    void aRetryHintLongerThanTheBackoffSetsTheWait() {
        RecordingExporter busy = new RecordingExporter() {
            private int calls;

            @Override
            public void deliver(Event event) throws ExportException {
                if (++calls <= 2) {
                    throw new RetriableExportException(
                            calls == 1 ? "reconnecting" : "soon", Duration.ofMillis(calls == 1 ? 5_000 : 10));
                }
                super.deliver(event);
            }
        };
        ExporterWorker w = ExporterWorker.builder("busy", busy)
                .negotiated(Map.of("track", 2))
                .retry(new RetrySettings(Backoff.ofMillis(100, 1_000), 0))
                .ticker(ticker)
                .build();
        EventBus bus = bus(false, w);
        bus.publish(track(0));
        bus.close(30_000);
        assertEquals(
                List.of(5_000L, 200L),
                ticker.sleepsMs(),
                "the hint when longer, the back-off when the hint is shorter");
        assertEquals(1, busy.received.size());
    }

    @Test
    void channelScopesKeepEventsToTheChannelsAnExporterServes() {
        RecordingExporter lobbyOnly = new RecordingExporter();
        RecordingExporter notDock = new RecordingExporter();
        RecordingExporter everything = new RecordingExporter();
        Map<String, List<String>> feeds = Map.of("dock", List.of("everything"));
        EventBus bus = bus(
                false,
                ExporterWorker.builder("lobby-only", lobbyOnly)
                        .negotiated(Map.of("track", 2))
                        .scope(ChannelScope.of("lobby-only", List.of("lobby"), feeds))
                        .build(),
                ExporterWorker.builder("not-dock", notDock)
                        .negotiated(Map.of("track", 2))
                        .scope(ChannelScope.of("not-dock", List.of(), feeds))
                        .build(),
                ExporterWorker.builder("everything", everything)
                        .negotiated(Map.of("track", 2))
                        .scope(ChannelScope.of("everything", List.of(), feeds))
                        .build());
        for (String channel : List.of("lobby", "dock", "yard")) {
            ObjectNode e = track(0);
            e.put("channel", channel);
            bus.publish(e);
        }
        bus.close(5_000);
        assertEquals(
                List.of("lobby"),
                lobbyOnly.received.stream().map(Event::channel).toList());
        assertEquals(
                List.of("lobby", "yard"),
                notDock.received.stream().map(Event::channel).toList());
        assertEquals(
                List.of("lobby", "dock", "yard"),
                everything.received.stream().map(Event::channel).toList());
        assertTrue(ChannelScope.of("x", List.of(), Map.of()).isAll(), "no lists: the bus never looks at channels");
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheEventCountsAsFailed() {
        RecordingExporter down = new RecordingExporter() {
            @Override
            public void deliver(Event event) throws ExportException {
                throw new RetriableExportException("connection refused");
            }
        };
        ExporterWorker w = ExporterWorker.builder("down", down)
                .negotiated(Map.of("track", 2))
                .retry(new RetrySettings(Backoff.ofMillis(10, 50), 3))
                .ticker(ticker)
                .build();
        EventBus bus = bus(false, w);
        bus.publish(track(0));
        bus.close(5_000);
        assertEquals(List.of(10L, 20L), ticker.sleepsMs());
        assertEquals(1, w.stats().failed());
    }

    @Test
    void whatCannotBeDeliveredBeforeTheShutdownDeadlineIsCountedAsDropped() {
        RecordingExporter stuck = new RecordingExporter();
        stuck.gate = new CountDownLatch(1);
        ExporterWorker w = worker("stuck", stuck, Map.of("track", 2), QueueSettings.DEFAULT);
        EventBus bus = bus(false, w);
        for (int i = 0; i < 20; i++) {
            bus.publish(track(i));
        }
        new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    ticker.advance(1, TimeUnit.SECONDS); // the worker's clock: past the 100 ms drain deadline
                    stuck.gate.countDown();
                })
                .start();
        bus.close(100);
        ExporterStats stats = w.stats();
        assertEquals(20, stats.delivered() + stats.dropped(), stats.toString());
        assertTrue(stats.dropped() > 0, stats.toString());
        assertEquals(WorkerState.STOPPED, stats.state());
    }

    @Test
    void anExporterBlockedForeverInDeliverDoesNotHoldUpTheStopNorTheOthers() {
        RecordingExporter stuck = new RecordingExporter();
        stuck.gate = new CountDownLatch(1); // never opened: deliver does not return
        RecordingExporter healthy = new RecordingExporter();
        ExporterWorker s = worker("stuck", stuck, Map.of("track", 2), QueueSettings.DEFAULT);
        ExporterWorker h = worker("healthy", healthy, Map.of("track", 2), QueueSettings.DEFAULT);
        EventBus bus = bus(false, s, h);
        for (int i = 0; i < 50; i++) {
            bus.publish(track(i));
        }
        long t0 = System.nanoTime();
        bus.close(200);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs < 10_000, "the stop waited " + tookMs + " ms for a deliver that never returns");
        assertEquals(50, healthy.received.size(), "the other exporter got everything");
        assertEquals(WorkerState.STOPPED, h.stats().state());
        assertEquals(WorkerState.STOPPING, s.stats().state(), "the stuck one is left behind, not waited for");
        stuck.gate.countDown();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Waits.until("the condition", Duration.ofSeconds(10), Duration.ofMillis(2), condition);
    }
}
