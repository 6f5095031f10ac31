package io.evex.runtime.bus.queue;

import io.evex.api.Event;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter's queue that outlives Evex itself: every event is written to a {@link Spool} (the
 * write-ahead log) before {@link #offer} returns, forced to the disk by group commit every
 * {@code sync} (or per event), and removed only once the exporter {@link #confirm}s it — acknowledged
 * by the broker, committed by the database. A SIGKILL loses nothing published; a power cut at most
 * the last {@code sync}. The next start delivers the log first, in order.
 *
 * <p>Events are also kept in memory (up to {@code capacity}) so that delivery needs no read back
 * from disk; beyond that they are on disk only ("spilled") and read from there in order, as in
 * {@link SpoolingQueue}. The log's oldest records are, in order: those delivered but not confirmed
 * ({@code awaiting}), those of the batch in the worker's hands ({@code taken}), those of the events in
 * memory, then those on disk only. When the log is full ({@code spool_max_mb}, or the disk refuses a
 * write) and the policy is drop-oldest, its oldest records go: an event still in memory is then
 * delivered anyway, only no longer safe from a kill (counted {@code spool_unprotected}); an event on
 * disk only is lost (counted {@code spool_dropped}). With drop-newest the arriving event is refused.
 */
public final class DurableQueue implements EventQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DurableQueue.class);

    private final Spool log;
    private final int capacity;
    private final boolean dropOldest;
    private final long syncNanos;
    private final SpoolRecovery recovered;
    private final ScheduledFuture<?> syncTask;
    private final Object lock = new Object();
    private final ArrayDeque<Event> memory = new ArrayDeque<>();

    // The log's head, oldest first; guarded by lock.
    private long awaiting;
    private int taken;
    private int takenUnlogged;
    private int memoryUnlogged;
    private boolean spilled;
    private boolean batchFromLog;
    private boolean workerWaiting;
    /**
     * Whether {@link #take} may find anything (memory not empty, or events on disk only): read without
     * the lock, so that an idle worker polling an empty queue never contends with a publisher that
     * holds the lock across its disk write.
     */
    private volatile boolean mayTake;

    private long lost;
    private long unprotected;
    private long unreadable;
    private boolean full;
    /** When the log last refused a write (monotonic clock). */
    private long lastRefusalNanos;

    private static final long TAKES_AGAIN_AFTER_NANOS = 5_000_000_000L;
    private volatile boolean dirty;

    /**
     * @param syncNanos how often the log is forced to disk; 0 = before every {@link #offer} returns
     * @param dropOldest when the log is full, drop its oldest records (else refuse the arriving event)
     */
    public DurableQueue(int capacity, Spool log, long syncNanos, boolean dropOldest) {
        this.log = log;
        this.capacity = capacity;
        this.dropOldest = dropOldest;
        this.syncNanos = syncNanos;
        this.recovered = SpoolRecovery.of(log, LOG);
        this.spilled = !log.isEmpty();
        this.mayTake = spilled;
        // The cursor (what is confirmed) is saved on this schedule too; with a sync per event, every 5 ms.
        this.syncTask = LogSync.every(syncNanos > 0 ? syncNanos : 5_000_000L, this::sync);
    }

    @Override
    public void offer(Event event, boolean lossless) {
        byte[] bytes = event.bytes(); // serialized once, shared with every other exporter
        synchronized (lock) {
            if (!logged(bytes)) {
                return;
            }
            dirty = true;
            mayTake = true;
            if (!spilled && memory.size() < capacity) {
                memory.addLast(event);
                if (workerWaiting) {
                    lock.notify();
                }
            } else if (!spilled) {
                spilled = true;
            }
        }
        if (syncNanos == 0) {
            force(); // outside the lock: concurrent publishers share one fsync
        }
    }

    /** Writes the event's record, applying the full-log policy; false when it is not on disk. */
    private boolean logged(byte[] bytes) {
        while (!log.fits(bytes.length)) {
            if (!dropOldest || log.isEmpty()) {
                return refused("the spool is full (" + log.bytes() + " bytes)");
            }
            log.dropOldest();
            unlogHead(1);
        }
        if (log.write(bytes)) {
            // A nearly full disk takes a small write now and then: the spool counts as taking events
            // again only after a stretch without refusals, so one episode is said once, not per flap.
            if (full && System.nanoTime() - lastRefusalNanos > TAKES_AGAIN_AFTER_NANOS) {
                full = false;
                LOG.info("the spool {} takes events again", log.dir());
            }
            return true;
        }
        String why = log.lastFailure();
        if (dropOldest) {
            int freed = log.dropOldestSegment();
            if (freed > 0) {
                unlogHead(freed);
                if (log.write(bytes)) {
                    return true;
                }
            }
        }
        return refused("the disk refused the write (" + why + ")");
    }

    private boolean refused(String why) {
        lost++;
        lastRefusalNanos = System.nanoTime();
        if (!full) {
            full = true;
            LOG.warn(
                    "{}: events that cannot be written to {} are dropped and counted (spool_dropped) until it takes them again",
                    why,
                    log.dir());
        }
        return false;
    }

    /** The log's {@code n} oldest records are gone: the events they belonged to, in log order. */
    private void unlogHead(long n) {
        long a = Math.min(n, awaiting);
        awaiting -= a;
        n -= a;
        int t = (int) Math.min(n, taken - takenUnlogged);
        takenUnlogged += t;
        n -= t;
        int m = (int) Math.min(n, memory.size() - memoryUnlogged);
        memoryUnlogged += m;
        n -= m;
        unprotected += a + t + m;
        lost += n;
    }

    @Override
    public int take(List<Event> batch, int max, long waitNanos) throws InterruptedException {
        if (waitNanos <= 0 && !mayTake) {
            return 0;
        }
        long deadline = System.nanoTime() + waitNanos;
        synchronized (lock) {
            while (true) {
                if (fill(batch, max) > 0) {
                    return batch.size();
                }
                mayTake = spilled || !memory.isEmpty();
                long left = deadline - System.nanoTime();
                if (left <= 0 || spilled) {
                    return 0;
                }
                workerWaiting = true;
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } finally {
                    workerWaiting = false;
                }
            }
        }
    }

    /** Memory first; once it is empty, what is on disk only, oldest first. */
    private int fill(List<Event> batch, int max) {
        batchFromLog = false;
        if (!memory.isEmpty()) {
            int n = Math.min(max, memory.size());
            for (int i = 0; i < n; i++) {
                batch.add(memory.pollFirst());
            }
            taken = n;
            takenUnlogged = Math.min(n, memoryUnlogged);
            memoryUnlogged -= takenUnlogged;
            return n;
        }
        if (!spilled) {
            return 0;
        }
        List<byte[]> records = log.peek((int) awaiting, max);
        if (records.isEmpty()) {
            spilled = false; // everything on disk is in the exporter's hands: new events may use memory again
            return 0;
        }
        for (byte[] record : records) {
            StoredEvent event = StoredEvent.parse(record);
            if (event == null) {
                skipUnreadable(batch);
                break;
            }
            batch.add(event);
        }
        taken = batch.size();
        takenUnlogged = 0;
        batchFromLog = true;
        return batch.size();
    }

    /**
     * Only a damaged disk gets here (records carry a checksum). The record can be removed only from
     * the log's head, so it waits until everything before it is confirmed.
     */
    private void skipUnreadable(List<Event> batch) {
        if (batch.isEmpty() && awaiting == 0) {
            log.commit(1, false);
            unreadable++;
            LOG.warn("a spooled event in {} is not readable JSON and is skipped ({} so far)", log.dir(), unreadable);
        }
    }

    @Override
    public void settle(List<Event> batch, int delivered) {
        synchronized (lock) {
            int unloggedDone = Math.min(delivered, takenUnlogged);
            awaiting += delivered - unloggedDone;
            int unloggedLeft = takenUnlogged - unloggedDone;
            if (!batchFromLog) {
                for (int i = batch.size() - 1; i >= delivered; i--) {
                    memory.addFirst(batch.get(i)); // still the oldest: they come first again
                }
                memoryUnlogged += unloggedLeft;
            } else if (unloggedLeft > 0) {
                // their records went to make room while they were in our hands: they continue from memory
                for (int i = delivered + unloggedLeft - 1; i >= delivered; i--) {
                    memory.addFirst(batch.get(i));
                }
                memoryUnlogged += unloggedLeft;
            }
            taken = 0;
            takenUnlogged = 0;
            batchFromLog = false;
            mayTake = spilled || !memory.isEmpty();
        }
        batch.clear();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public long awaitingConfirmation() {
        synchronized (lock) {
            return awaiting;
        }
    }

    @Override
    public void confirm(long n) {
        synchronized (lock) {
            long done = Math.min(n, awaiting);
            if (done > 0) {
                log.commit(done, false); // the cursor follows with the next sync
                awaiting -= done;
                dirty = true;
            }
        }
    }

    /**
     * At stop everything undelivered is in the log already, {@code older} included, except events
     * whose records went to make room (they are written in front now, if the disk takes them).
     */
    @Override
    public long keep(List<Event> older) {
        synchronized (lock) {
            List<byte[]> front =
                    memory.stream().limit(memoryUnlogged).map(Event::bytes).toList();
            memory.clear();
            memoryUnlogged = 0;
            try {
                log.prepend(front);
                return 0;
            } catch (RuntimeException e) {
                LOG.warn("{} events could not be kept in {}: {}", front.size(), log.dir(), e.getMessage());
                return front.size();
            }
        }
    }

    private void sync() {
        if (dirty) {
            dirty = false;
            try {
                log.sync();
            } catch (IOException | RuntimeException e) {
                // never thrown out: the timer would cancel this task and no sync would follow
                LOG.warn("cannot force the spool {} to disk: {}", log.dir(), e.toString());
            }
        }
    }

    private void force() {
        try {
            log.force();
        } catch (IOException e) {
            LOG.warn("cannot force the spool {} to disk: {}", log.dir(), e.getMessage());
        }
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public int size() {
        synchronized (lock) {
            return memory.size();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long dropped() {
        synchronized (lock) {
            return lost;
        }
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("durable", true);
        d.put("sync_ms", syncNanos / 1_000_000.0);
        synchronized (lock) {
            d.put("awaiting_confirmation", awaiting);
            d.put("spool_dropped", lost);
            d.put("spool_unprotected", unprotected);
            if (unreadable > 0) {
                d.put("spool_unreadable", unreadable);
            }
        }
        d.put("spooled", log.spooled());
        d.put("spool_pending", log.size());
        d.put("spool_bytes", log.bytes());
        d.put("spool_refused", log.refused());
        recovered.putInto(d);
        d.put("spool_dir", log.dir().toString());
        return d;
    }

    @Override
    public void close() {
        syncTask.cancel(false);
        synchronized (lock) {
            log.close(); // forces the last records and saves the cursor
        }
    }
}
