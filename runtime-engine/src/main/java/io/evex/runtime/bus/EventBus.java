package io.evex.runtime.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Exporter;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.event.EventSink;
import io.evex.schemas.convert.Converters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes published events to the exporters subscribed to their type, each in the version it
 * negotiated. The routes are an immutable snapshot that publishing reads once, with no lock: a map
 * lookup, one {@link SharedEvent} per distinct version, one queue offer per exporter. Adding or
 * removing an exporter while events flow builds a new snapshot and swaps it in whole, so an event
 * sees either the old routes or the new ones, never a half-made table.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /** Who gets what: built once per change, never modified after. */
    private record Routing(Map<String, Route> routes, List<ExporterWorker> workers) {
        static Routing of(List<ExporterWorker> workers) {
            Map<String, TreeMap<Integer, List<ExporterWorker>>> byTypeAndVersion = new HashMap<>();
            for (ExporterWorker w : workers) {
                w.negotiated()
                        .forEach((type, version) -> byTypeAndVersion
                                .computeIfAbsent(type, t -> new TreeMap<>())
                                .computeIfAbsent(version, v -> new ArrayList<>())
                                .add(w));
            }
            Map<String, Route> routes = new HashMap<>();
            byTypeAndVersion.forEach((type, byVersion) -> routes.put(type, new Route(byVersion)));
            return new Routing(routes, List.copyOf(workers));
        }
    }

    private volatile Routing routing;
    private final Converters converters;
    private final boolean lossless;
    private final LongAdder published = new LongAdder();
    private volatile EventSink tap;
    private final LongAdder unrouted = new LongAdder();
    private volatile boolean closed;

    /**
     * @param workers started exporters with their negotiated versions
     * @param lossless publishers wait for room instead of applying overflow policies (replay)
     */
    public EventBus(List<ExporterWorker> workers, Converters converters, boolean lossless) {
        this.converters = converters;
        this.lossless = lossless;
        this.routing = Routing.of(workers);
    }

    /**
     * Adds a started exporter; events published from now on reach it.
     *
     * @throws IllegalArgumentException when an exporter of that name is on the bus already
     */
    public synchronized void add(ExporterWorker worker) {
        if (exporter(worker.name()) != null) {
            throw new IllegalArgumentException("exporter '" + worker.name() + "' is on the bus already");
        }
        List<ExporterWorker> all = new ArrayList<>(routing.workers());
        all.add(worker);
        routing = Routing.of(all);
    }

    /**
     * Takes an exporter off the bus: events published from now on do not reach it; it then drains
     * what it holds, flushes and stops, waiting at most {@code drainTimeoutMs}. The others are not
     * touched.
     *
     * @return whether there was such an exporter
     */
    public boolean remove(String name, long drainTimeoutMs) throws InterruptedException {
        ExporterWorker gone;
        synchronized (this) {
            List<ExporterWorker> all = new ArrayList<>(routing.workers());
            gone = all.stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
            if (gone == null) {
                return false;
            }
            all.remove(gone);
            routing = Routing.of(all);
        }
        gone.stop(gone.ticker().nanoTime() + drainTimeoutMs * 1_000_000);
        gone.awaitStopped(drainTimeoutMs + 2_000);
        return true;
    }

    /**
     * Publishes an event; its {@code $id} and {@code $version} say what it is. The caller hands
     * the tree over: it must not modify it afterwards.
     */
    public void publish(ObjectNode event) {
        publish(event, event.path("$id").asText(), event.path("$version").asInt());
    }

    /** Publishes an event whose type and version the caller already knows. */
    public void publish(ObjectNode event, String type, int version) {
        if (closed) {
            throw new IllegalStateException("the bus is closed");
        }
        published.increment();
        EventSink t = tap;
        if (t != null) {
            t.accept(event);
        }
        Route route = routing.routes().get(type);
        if (route == null) {
            unrouted.increment();
            return;
        }
        SharedEvent origin = new SharedEvent(event, type, version);
        for (int i = 0; i < route.versions.length; i++) {
            SharedEvent view =
                    route.versions[i] == version ? origin : new SharedEvent(origin, route.versions[i], converters);
            for (ExporterWorker w : route.workers[i]) {
                // Only routes with a channel-scoped exporter look at the channel at all.
                if (!route.scoped || w.scope().allows(origin.channel())) {
                    w.offer(view, lossless);
                }
            }
        }
    }

    /**
     * Sees every event published, on the publisher's thread, before the exporters (the API's recent
     * events); must be quick and must not change the event. One tap; null removes it.
     */
    public void tap(EventSink tap) {
        this.tap = tap;
    }

    /** Events published so far. */
    public long published() {
        return published.sum();
    }

    /** Events published that no exporter subscribed to. */
    public long unrouted() {
        return unrouted.sum();
    }

    /** The started exporter of the instance named {@code name}, or null. */
    public Exporter exporter(String name) {
        for (ExporterWorker w : routing.workers()) {
            if (w.name().equals(name)) {
                return w.exporter();
            }
        }
        return null;
    }

    /** Counters of every exporter. */
    public List<ExporterStats> stats() {
        List<ExporterWorker> workers = routing.workers();
        List<ExporterStats> all = new ArrayList<>(workers.size());
        workers.forEach(w -> all.add(w.stats()));
        return all;
    }

    /**
     * Stops taking events and lets every exporter drain its queue, flush and stop, waiting at most
     * {@code drainTimeoutMs} for all of them together. Shutdown order: publishers first (the
     * caller's job), then the queues, then the exporters.
     */
    public void close(long drainTimeoutMs) {
        if (closed) {
            return;
        }
        closed = true;
        List<ExporterWorker> workers = routing.workers();
        long drainNanos = drainTimeoutMs * 1_000_000;
        workers.forEach(w -> w.stop(w.ticker().nanoTime() + drainNanos));
        // after the deadline a worker still needs a moment to count what is left and stop: 2 s for all
        long deadline = System.nanoTime() + drainNanos + 2_000_000_000L;
        try {
            for (ExporterWorker w : workers) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (!w.awaitStopped(Math.max(left, 1))) {
                    LOG.warn(
                            "exporter '{}' did not stop by the deadline: its code does not return (stuck in deliver or"
                                    + " flush); Evex stops without it, {} events still queued for it (kept on disk"
                                    + " when its queue is durable)",
                            w.name(),
                            w.stats().queued());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }

    /** The exporters of one event type, grouped by negotiated version. */
    private static final class Route {
        final int[] versions;
        final ExporterWorker[][] workers;
        final boolean scoped;

        Route(TreeMap<Integer, List<ExporterWorker>> byVersion) {
            versions = new int[byVersion.size()];
            workers = new ExporterWorker[byVersion.size()][];
            int i = 0;
            boolean anyScoped = false;
            for (Map.Entry<Integer, List<ExporterWorker>> e : byVersion.entrySet()) {
                versions[i] = e.getKey();
                workers[i] = e.getValue().toArray(new ExporterWorker[0]);
                for (ExporterWorker w : workers[i]) {
                    anyScoped |= !w.scope().isAll();
                }
                i++;
            }
            scoped = anyScoped;
        }
    }
}
