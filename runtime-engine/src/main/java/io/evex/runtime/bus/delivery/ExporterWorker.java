package io.evex.runtime.bus.delivery;

import io.evex.api.Event;
import io.evex.api.Exporter;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.bus.queue.EventQueue;
import io.evex.runtime.bus.queue.MemoryQueue;
import io.evex.runtime.bus.queue.QueueSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started exporter with its own {@link EventQueue} and thread. The thread takes batches from
 * the queue, hands each event to the {@link DeliveryOperator} (which owns retries), and flushes
 * the exporter once the queue has stayed empty for about 140 µs, so output is prompt at low rates
 * and batched at high rates. States: see {@link WorkerState}.
 *
 * <p>Shutdown order, as in the OpenTelemetry Collector: the publishers stop first (the caller's
 * job), then {@link #stop} ends retries at the deadline and drains the queue, then the exporter
 * is flushed, its unconfirmed events are handed to the queue to keep (a spool) or count, and it is
 * stopped.
 */
public final class ExporterWorker {

    private static final int BATCH = 256;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int IDLE_PARK_ROUNDS = 9;
    /**
     * Flush once the queue has stayed empty for the first few idle parks (about 140 µs), not the
     * moment it runs dry: under load that turns a syscall per few events into one per full buffer.
     */
    private static final int FLUSH_AFTER_IDLE_ROUNDS = 3;
    /**
     * A durable queue keeps delivered events on disk until they are confirmed; an exporter that
     * cannot say what it confirmed is flushed at least this often under a steady stream.
     */
    private static final int CONFIRM_BY_FLUSH_EVERY = 1024;

    private final String name;
    private final String kind;
    private final Exporter exporter;
    private final Map<String, Integer> negotiated;
    private final EventQueue queue;
    private final DeliveryOperator delivery;
    private final ClassLoader loader;
    private final Supplier<Map<String, Long>> counters;
    private final ChannelScope scope;
    private final Ticker ticker;
    private final Logger log;
    private final LongAdder droppedAtStop = new LongAdder();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile WorkerState state = WorkerState.CREATED;

    private ExporterWorker(Builder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.exporter = b.exporter;
        this.negotiated = Collections.unmodifiableMap(new TreeMap<>(b.negotiated));
        this.queue = b.queue != null
                ? b.queue
                : new MemoryQueue(QueueSettings.DEFAULT.size(), QueueSettings.DEFAULT.overflow());
        this.loader = b.loader != null ? b.loader : exporter.getClass().getClassLoader();
        this.counters = b.counters;
        this.scope = b.scope;
        this.ticker = b.ticker;
        this.log = LoggerFactory.getLogger("evex.exporter." + name);
        this.delivery = new DeliveryOperator(exporter, b.retry, ticker, queue.persistent(), log);
        this.thread = new Thread(this::run, "exporter-" + name);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(loader);
    }

    /** A worker for {@code exporter} (already started) named {@code name}. */
    public static Builder builder(String name, Exporter exporter) {
        return new Builder(name, exporter);
    }

    /**
     * Starts the delivery thread; an exporter subscribed to nothing (a media exporter) gets no
     * thread, since no event will ever reach it.
     */
    public void start() {
        state = WorkerState.RUNNING;
        if (!negotiated.isEmpty()) {
            thread.start();
        }
    }

    /** The exporter this worker delivers to (media outputs call it on their own threads). */
    public Exporter exporter() {
        return exporter;
    }

    public String name() {
        return name;
    }

    public Map<String, Integer> negotiated() {
        return negotiated;
    }

    /** The channels whose events this exporter gets. */
    public ChannelScope scope() {
        return scope;
    }

    public WorkerState state() {
        return state;
    }

    /**
     * Queues an event (the queue applies its overflow policy); after {@link #stop} it is dropped and counted.
     *
     * @param lossless wait for room whatever the policy (replay, where dropping is never wanted)
     */
    public void offer(Event event, boolean lossless) {
        if (stopping) {
            droppedAtStop.increment();
            return;
        }
        queue.offer(event, lossless);
    }

    private void run() {
        List<Event> batch = new ArrayList<>(BATCH);
        boolean unflushed = false;
        int idleRounds = 0;
        try {
            while (true) {
                int taken = queue.take(batch, BATCH, idleRounds < IDLE_PARK_ROUNDS ? 0 : IDLE_POLL_NANOS);
                if (taken > 0) {
                    idleRounds = 0;
                    unflushed = true;
                    int done = deliver(batch);
                    queue.settle(batch, done);
                    if (queue.durable() && confirm(false)) {
                        unflushed = false;
                    }
                    if (done < taken) {
                        break; // stopping cut the batch short
                    }
                } else if (unflushed && (idleRounds >= FLUSH_AFTER_IDLE_ROUNDS || stopping)) {
                    boolean flushed = delivery.flush();
                    unflushed = false;
                    if (queue.durable()) {
                        confirm(flushed);
                    }
                } else if (stopping) {
                    break;
                } else {
                    idle(idleRounds++);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutDown();
        }
    }

    /**
     * A worker that just ran dry parks for short, growing intervals first (20 µs doubling to 1 ms,
     * about 4 ms in all) before it blocks on the queue. While events keep coming the publisher
     * therefore never has to wake the worker (a futex call per event and per exporter); once the
     * stream pauses, wake-ups are signal-driven again.
     */
    private static void idle(int round) {
        if (round < IDLE_PARK_ROUNDS) {
            LockSupport.parkNanos(Math.min(20_000L << round, 1_000_000L));
        }
    }

    /**
     * Tells a durable queue which delivered events the exporter has confirmed, so that it lets them
     * go from disk. {@code flushed}: a flush succeeded since the last delivery.
     *
     * @return whether this flushed the exporter (one that cannot tell what it confirmed)
     */
    private boolean confirm(boolean flushed) {
        long awaiting = queue.awaitingConfirmation();
        if (awaiting == 0) {
            return false;
        }
        int unconfirmed;
        try {
            unconfirmed = exporter.unconfirmed();
        } catch (RuntimeException e) {
            unconfirmed = -1;
        }
        boolean flushedNow = false;
        if (unconfirmed < 0) {
            if (!flushed && awaiting >= CONFIRM_BY_FLUSH_EVERY) {
                flushed = delivery.flush();
                flushedNow = flushed;
            }
            unconfirmed = flushed ? 0 : (int) Math.min(Integer.MAX_VALUE, awaiting);
        }
        queue.confirm(awaiting - Math.min(unconfirmed, awaiting));
        return flushedNow;
    }

    /** Delivers a batch; returns how many events are done (fewer when stopping cut it short). */
    private int deliver(List<Event> batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            if (delivery.pastDeadline() || delivery.deliver(batch.get(i)) == DeliveryOperator.Outcome.DEFERRED) {
                return i;
            }
        }
        return batch.size();
    }

    private void shutDown() {
        boolean flushed = delivery.flush();
        if (queue.durable()) {
            confirm(flushed);
        }
        List<Event> unconfirmed = List.of();
        try {
            unconfirmed = exporter.undelivered();
        } catch (RuntimeException e) {
            log.warn("could not collect the exporter's unconfirmed events: {}", e.toString());
        }
        long lost = queue.keep(unconfirmed);
        if (lost > 0) {
            log.warn(
                    "{} queued events were not delivered before the shutdown deadline and are counted as dropped",
                    lost);
        }
        Map<String, Object> kept = queue.details();
        if (kept.get("spool_pending") instanceof Long n && n > 0) {
            log.info("{} events wait in the spool ({} bytes) for the next start", n, kept.get("spool_bytes"));
        }
        queue.close();
        try {
            exporter.stop();
        } catch (RuntimeException e) {
            log.warn("stop failed: {}", e.toString());
        }
        state = WorkerState.STOPPED;
    }

    /**
     * Stops taking events, delivers what is queued until {@code deadlineNanos} (on the worker's
     * ticker), then flushes and stops the exporter. Returns without waiting; see {@link #awaitStopped}.
     */
    public void stop(long deadlineNanos) {
        delivery.stopBy(deadlineNanos);
        if (state != WorkerState.STOPPED) {
            state = WorkerState.STOPPING;
        }
        stopping = true;
        if (state == WorkerState.STOPPING && negotiated.isEmpty()) {
            shutDown(); // no thread to do it
        }
    }

    /** Waits for the thread to finish; true if it did. */
    public boolean awaitStopped(long timeoutMs) throws InterruptedException {
        thread.join(Math.max(1, timeoutMs));
        return !thread.isAlive();
    }

    /** The worker's clock, on which stop deadlines are read. */
    public Ticker ticker() {
        return ticker;
    }

    /** Events delivered so far; cheaper than {@link #stats()} for polling. */
    public long delivered() {
        return delivery.delivered();
    }

    /** Current counters. */
    public ExporterStats stats() {
        Map<String, Object> details = new TreeMap<>(counters.get());
        details.putAll(queue.details());
        try {
            details.putAll(exporter.status());
        } catch (RuntimeException e) {
            details.put("status_error", e.toString());
        }
        return new ExporterStats(
                name,
                kind,
                state,
                negotiated,
                delivery.delivered(),
                queue.dropped() + droppedAtStop.sum(),
                delivery.failed(),
                delivery.retries(),
                queue.size(),
                queue.capacity(),
                details);
    }

    /** The class loader the exporter's code runs with (its plugin's). */
    public ClassLoader loader() {
        return loader;
    }

    /** Collects what a worker needs; everything but the name and the exporter has a default. */
    public static final class Builder {
        private final String name;
        private final Exporter exporter;
        private String kind = "";
        private Map<String, Integer> negotiated = Map.of();
        private EventQueue queue;
        private RetrySettings retry = RetrySettings.DEFAULT;
        private Ticker ticker = Ticker.SYSTEM;
        private ClassLoader loader;
        private Supplier<Map<String, Long>> counters = Map::of;
        private ChannelScope scope = ChannelScope.ALL;

        private Builder(String name, Exporter exporter) {
            this.name = name;
            this.exporter = exporter;
        }

        /** The exporter kind, for status. */
        public Builder kind(String value) {
            this.kind = value;
            return this;
        }

        /** The version negotiated per event type: what the bus routes to this worker. */
        public Builder negotiated(Map<String, Integer> value) {
            this.negotiated = value;
            return this;
        }

        public Builder queue(EventQueue value) {
            this.queue = value;
            return this;
        }

        /** A memory queue with these settings (a spool needs {@link #queue(EventQueue)}). */
        public Builder queue(QueueSettings value) {
            return queue(new MemoryQueue(value.size(), value.overflow()));
        }

        public Builder retry(RetrySettings value) {
            this.retry = value;
            return this;
        }

        public Builder ticker(Ticker value) {
            this.ticker = value;
            return this;
        }

        /** The class loader the exporter's code runs with (its plugin's). */
        public Builder loader(ClassLoader value) {
            this.loader = value;
            return this;
        }

        /** The exporter's own counters (from its context), shown in status. */
        public Builder counters(Supplier<Map<String, Long>> value) {
            this.counters = value;
            return this;
        }

        /** The channels whose events the exporter gets (all by default). */
        public Builder scope(ChannelScope value) {
            this.scope = value;
            return this;
        }

        public ExporterWorker build() {
            return new ExporterWorker(this);
        }
    }
}
