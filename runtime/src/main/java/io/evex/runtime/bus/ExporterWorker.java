package io.evex.runtime.bus;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started exporter with its own bounded queue and thread.
 *
 * <p>The thread drains the queue in batches, delivers each event (retrying transient failures
 * per the {@link RetryPolicy}), and calls {@link Exporter#flush()} once the queue has stayed
 * empty for about 140 µs, so output is prompt at low rates and batched at high rates. On {@link #stop} the queue is
 * drained until a deadline; what is left then is counted as dropped, never silently lost.
 */
public final class ExporterWorker {

    private static final int BATCH = 256;
    private static final long IDLE_POLL_MS = 50;
    private static final int IDLE_PARK_ROUNDS = 9;
    /**
     * Flush once the queue has stayed empty for the first few idle parks (about 140 µs), not the
     * moment it runs dry: under load that turns a syscall per few events into one per full buffer.
     */
    private static final int FLUSH_AFTER_IDLE_ROUNDS = 3;

    private final String name;
    private final String kind;
    private final Exporter exporter;
    private final Map<String, Integer> negotiated;
    private final ArrayBlockingQueue<Event> queue;
    private final QueueSettings queueSettings;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final ClassLoader loader;
    private final Logger log;
    private final FailureLog failures;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Thread thread;
    private final Supplier<Map<String, Long>> counters;
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile String state = "running";
    private Spool spool;

    /**
     * @param exporter an already started exporter
     * @param loader the class loader the exporter's code runs with (its plugin's)
     */
    public ExporterWorker(String name, String kind, Exporter exporter, Map<String, Integer> negotiated,
                          QueueSettings queueSettings, RetryPolicy retry, Sleeper sleeper, ClassLoader loader) {
        this(name, kind, exporter, negotiated, queueSettings, retry, sleeper, loader, Map::of);
    }

    /** @param counters the exporter's own counters (from its context) */
    public ExporterWorker(String name, String kind, Exporter exporter, Map<String, Integer> negotiated,
                          QueueSettings queueSettings, RetryPolicy retry, Sleeper sleeper, ClassLoader loader,
                          Supplier<Map<String, Long>> counters) {
        this.counters = counters;
        this.name = name;
        this.kind = kind;
        this.exporter = exporter;
        this.negotiated = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(negotiated));
        this.queueSettings = queueSettings;
        this.queue = new ArrayBlockingQueue<>(queueSettings.size());
        this.retry = retry;
        this.sleeper = sleeper;
        this.loader = loader;
        this.log = LoggerFactory.getLogger("evex.exporter." + name);
        this.failures = new FailureLog(log, 30_000, () -> System.nanoTime() / 1_000_000);
        this.thread = new Thread(this::run, "exporter-" + name);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(loader);
    }

    /** Gives the worker its spool (with {@link OverflowPolicy#SPOOL}); before {@link #start()}. */
    public ExporterWorker withSpool(Spool s) {
        this.spool = s;
        return this;
    }

    /** Starts the delivery thread. */
    public void start() {
        thread.start();
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

    /**
     * Queues an event, applying the overflow policy when the queue is full.
     *
     * @param lossless wait for room whatever the policy (used by replay, where dropping is never wanted)
     */
    void offer(Event event, boolean lossless) {
        if (stopping) {
            dropped.increment();
            return;
        }
        OverflowPolicy policy = lossless ? OverflowPolicy.BLOCK : queueSettings.overflow();
        switch (policy) {
            case BLOCK -> {
                try {
                    queue.put(event);
                } catch (InterruptedException e) {
                    dropped.increment();
                    Thread.currentThread().interrupt();
                }
            }
            case DROP_NEWEST -> {
                if (!queue.offer(event)) {
                    dropped.increment();
                }
            }
            case DROP_OLDEST -> {
                while (!queue.offer(event)) {
                    if (queue.poll() != null) {
                        dropped.increment();
                    }
                }
            }
            case SPOOL -> {
                // While anything is spooled, new events follow it to disk: delivery order is publication order.
                synchronized (spool) {
                    if (spool.isEmpty() && queue.offer(event)) {
                        return;
                    }
                    spool.append(event.bytes());
                }
            }
        }
    }

    private void run() {
        List<Event> batch = new ArrayList<>(BATCH);
        List<Event> undelivered = new ArrayList<>();
        boolean unflushed = false;
        int idleRounds = 0;
        try {
            while (true) {
                Event first = queue.poll();
                if (first == null && spool != null && !spool.isEmpty()) {
                    // The memory queue is empty, so everything older is delivered: now the spool, oldest first.
                    idleRounds = 0;
                    unflushed = true;
                    if (!deliverSpooled()) {
                        break;
                    }
                    continue;
                }
                if (first == null) {
                    if (unflushed && (idleRounds >= FLUSH_AFTER_IDLE_ROUNDS || stopping)) {
                        flush();
                        unflushed = false;
                        continue;
                    }
                    if (stopping) {
                        break;
                    }
                    first = awaitEvent(idleRounds++);
                    if (first == null) {
                        continue;
                    }
                }
                idleRounds = 0;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                boolean pastDeadline = false;
                for (int i = 0; i < batch.size(); i++) {
                    if ((stopping && System.nanoTime() > drainDeadlineNanos) || !deliver(batch.get(i))) {
                        undelivered.addAll(batch.subList(i, batch.size()));
                        pastDeadline = true;
                        break;
                    }
                }
                batch.clear();
                unflushed = true;
                if (pastDeadline) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flush();
            List<Event> accepted = new ArrayList<>();
            try {
                accepted.addAll(exporter.undelivered());
            } catch (RuntimeException e) {
                log.warn("could not collect the exporter's unconfirmed events: {}", e.toString());
            }
            // The exporter's unconfirmed events are the oldest, then the batch in hand, then the queue.
            undelivered.addAll(0, accepted);
            queue.drainTo(undelivered);
            if (!undelivered.isEmpty() && spool != null) {
                // Older than anything spooled: back in front of the spool, delivered after a restart.
                List<byte[]> front = new ArrayList<>(undelivered.size());
                undelivered.forEach(e -> front.add(e.bytes()));
                spool.prepend(front);
                log.info("{} undelivered events kept in the spool for the next start", undelivered.size());
            } else if (!undelivered.isEmpty()) {
                dropped.add(undelivered.size());
                log.warn("{} queued events were not delivered before the shutdown deadline and are counted as dropped",
                        undelivered.size());
            }
            if (spool != null) {
                if (!spool.isEmpty()) {
                    log.info("{} events wait in the spool ({} bytes) for the next start", spool.size(), spool.bytes());
                }
                spool.close();
            }
            stopExporter();
            state = "stopped";
        }
    }

    /**
     * Waits for the next event. A worker that just ran dry parks for short, growing intervals
     * first (20 µs doubling to 1 ms, about 4 ms in all) and only then blocks on the queue. While
     * events keep coming the publisher therefore never has to wake the worker (a futex call per
     * event and per exporter); once the stream pauses, wake-ups are signal-driven again.
     */
    private Event awaitEvent(int idleRounds) throws InterruptedException {
        if (idleRounds < IDLE_PARK_ROUNDS) {
            LockSupport.parkNanos(Math.min(20_000L << idleRounds, 1_000_000L));
            return null;
        }
        return queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers one batch from the spool and removes it from there once delivered.
     *
     * @return false when stopping cut the batch short (what was not delivered stays spooled)
     */
    private boolean deliverSpooled() throws InterruptedException {
        List<byte[]> records = spool.peek(BATCH);
        int done = 0;
        try {
            for (byte[] record : records) {
                if (stopping && System.nanoTime() > drainDeadlineNanos) {
                    return false;
                }
                Event event;
                try {
                    event = new StoredEvent(record);
                } catch (RuntimeException e) {
                    failed.increment();
                    failures.failure("a spooled event is unreadable and is skipped: " + e.getMessage());
                    done++;
                    continue;
                }
                if (!deliver(event)) {
                    return false;
                }
                done++;
            }
            return true;
        } finally {
            spool.commit(done);
        }
    }

    /** Delivers with retries; false when the event was not delivered because the worker is stopping (kept for a spool). */
    private boolean deliver(Event event) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                exporter.deliver(event);
                delivered.increment();
                return true;
            } catch (RetriableExportException e) {
                boolean exhausted = retry.maxAttempts() > 0 && attempt >= retry.maxAttempts();
                long wait = retry.backoffMs(attempt);
                boolean pastDeadline = stopping && System.nanoTime() + wait * 1_000_000 > drainDeadlineNanos;
                if (stopping && spool != null) {
                    // Stopping with a spool: the destination is not there, the event is safe on disk; do not hold up the stop.
                    return false;
                }
                if (exhausted || pastDeadline) {
                    failed.increment();
                    failures.failure("gave up on event " + event + " after " + attempt + " attempts: " + e.getMessage());
                    return true;
                }
                retries.increment();
                failures.failure("delivery failed, retrying in " + wait + " ms: " + e.getMessage());
                sleeper.sleep(wait);
            } catch (PermanentExportException e) {
                failed.increment();
                failures.failure("event " + event + " failed and is not retried: " + e.getMessage());
                return true;
            } catch (ExportException e) {
                failed.increment();
                failures.failure("event " + event + " failed and is not retried: " + e.getMessage());
                return true;
            } catch (RuntimeException e) {
                failed.increment();
                failures.failure("event " + event + " failed with an unexpected " + e.getClass().getName() + ": " + e.getMessage());
                return true;
            }
        }
    }

    private void flush() {
        try {
            exporter.flush();
        } catch (ExportException | RuntimeException e) {
            failures.failure("flush failed: " + e.getMessage());
        }
    }

    private void stopExporter() {
        try {
            exporter.stop();
        } catch (RuntimeException e) {
            log.warn("stop failed: {}", e.toString());
        }
    }

    /**
     * Stops taking events, delivers what is queued until {@code deadlineNanos} (System.nanoTime),
     * then flushes and stops the exporter. Returns without waiting; see {@link #awaitStopped}.
     */
    void stop(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        state = "stopping";
        stopping = true;
    }

    /** Waits for the thread to finish; true if it did. */
    boolean awaitStopped(long timeoutMs) throws InterruptedException {
        thread.join(Math.max(1, timeoutMs));
        return !thread.isAlive();
    }

    /** Events delivered so far; cheaper than {@link #stats()} for polling. */
    public long delivered() {
        return delivered.sum();
    }

    /** Current counters. */
    public ExporterStats stats() {
        Map<String, Object> details = new java.util.TreeMap<>(counters.get());
        Spool s = spool;
        if (s != null) {
            details.put("spooled", s.spooled());
            details.put("spool_replayed", s.replayed());
            details.put("spool_pending", s.size());
            details.put("spool_bytes", s.bytes());
            details.put("spool_dropped", s.droppedWhenFull());
        }
        try {
            details.putAll(exporter.status());
        } catch (RuntimeException e) {
            details.put("status_error", e.toString());
        }
        return new ExporterStats(name, kind, state, negotiated, delivered.sum(), dropped.sum() + (s == null ? 0 : s.droppedWhenFull()), failed.sum(),
                retries.sum(), queue.size(), queueSettings.size(), details);
    }

    /** The class loader the exporter's code runs with (its plugin's). */
    public ClassLoader loader() {
        return loader;
    }
}
