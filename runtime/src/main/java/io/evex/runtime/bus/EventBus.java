package io.evex.runtime.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Exporter;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.schemas.convert.Converters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Routes published events to the exporters subscribed to their type, each in the version it
 * negotiated. Routes are fixed when the bus is built, so publishing takes no lock of the bus
 * itself: a map lookup, one {@link SharedEvent} per distinct version, one queue offer per exporter.
 */
public final class EventBus implements AutoCloseable {

    private final Map<String, Route> routes = new HashMap<>();
    private final List<ExporterWorker> workers;
    private final Converters converters;
    private final boolean lossless;
    private final LongAdder published = new LongAdder();
    private volatile Consumer<ObjectNode> tap;
    private final LongAdder unrouted = new LongAdder();
    private volatile boolean closed;

    /**
     * @param workers started exporters with their negotiated versions
     * @param lossless publishers wait for room instead of applying overflow policies (replay)
     */
    public EventBus(List<ExporterWorker> workers, Converters converters, boolean lossless) {
        this.workers = List.copyOf(workers);
        this.converters = converters;
        this.lossless = lossless;
        Map<String, TreeMap<Integer, List<ExporterWorker>>> byTypeAndVersion = new HashMap<>();
        for (ExporterWorker w : workers) {
            w.negotiated()
                    .forEach((type, version) -> byTypeAndVersion
                            .computeIfAbsent(type, t -> new TreeMap<>())
                            .computeIfAbsent(version, v -> new ArrayList<>())
                            .add(w));
        }
        byTypeAndVersion.forEach((type, byVersion) -> routes.put(type, new Route(byVersion)));
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
        Consumer<ObjectNode> t = tap;
        if (t != null) {
            t.accept(event);
        }
        Route route = routes.get(type);
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
    public void tap(Consumer<ObjectNode> tap) {
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
        for (ExporterWorker w : workers) {
            if (w.name().equals(name)) {
                return w.exporter();
            }
        }
        return null;
    }

    /** Counters of every exporter. */
    public List<ExporterStats> stats() {
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
        long drainNanos = drainTimeoutMs * 1_000_000;
        workers.forEach(w -> w.stop(w.ticker().nanoTime() + drainNanos));
        long deadline = System.nanoTime() + drainNanos;
        try {
            for (ExporterWorker w : workers) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                // after the deadline a worker still needs a moment to count what is left and stop
                w.awaitStopped(Math.max(left, 0) + 2_000);
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
