package io.evex.runtime.bus.queue;

import io.evex.api.Event;
import io.evex.api.delivery.OverflowPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter's queue that loses nothing while its destination is down: memory first, then a
 * {@link Spool} on disk once memory is full.
 *
 * <p>The ordering rule lives here and nowhere else: <b>while anything is spooled, new events
 * follow it to disk</b>, even when memory has room again. So everything in memory is older than
 * everything on disk, and {@link #take} serves memory first, then the spool: delivery order is
 * publication order. Batches read from the spool are removed from it only when {@link #settle}d,
 * so a stop in the middle of one leaves the rest on disk. At {@link #keep}, the exporter's
 * unconfirmed events and what is left in memory go in front of the spool for the next start.
 */
public final class SpoolingQueue implements EventQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolingQueue.class);

    private final MemoryQueue memory;
    private final Spool spool;
    /** Publishers decide memory-or-disk under this lock, so concurrent publishers keep the rule. */
    private final Object offerLock = new Object();

    private final LongAdder unreadable = new LongAdder();
    private final SpoolRecovery recovered;
    private boolean batchFromSpool;
    private boolean refusing;

    /** Says what an earlier run left in {@code spool}: it is delivered first. */
    public SpoolingQueue(int capacity, Spool spool) {
        this.memory = new MemoryQueue(capacity, OverflowPolicy.DROP_NEWEST);
        this.spool = spool;
        this.recovered = SpoolRecovery.of(spool, LOG);
    }

    /** The spool is lossless up to its own cap, so {@code lossless} changes nothing here. */
    @Override
    public void offer(Event event, boolean lossless) {
        synchronized (offerLock) {
            if (spool.isEmpty() && memory.tryOffer(event)) {
                return;
            }
            boolean taken = spool.append(event.bytes());
            if (taken == refusing) {
                refusing = !taken; // said once when it starts refusing, once when it takes events again
                if (refusing) {
                    LOG.warn(
                            "{}: events are dropped and counted (spool_dropped) until it takes them again",
                            spool.lastFailure() != null
                                    ? "the disk refused a write to the spool " + spool.dir() + " ("
                                            + spool.lastFailure() + ")"
                                    : "the spool " + spool.dir() + " is full (" + spool.bytes() + " bytes)");
                } else {
                    LOG.info("the spool {} takes events again", spool.dir());
                }
            }
        }
    }

    @Override
    public int take(List<Event> batch, int max, long waitNanos) throws InterruptedException {
        batchFromSpool = false;
        if (memory.take(batch, max, 0) > 0) {
            return batch.size();
        }
        // Memory is empty, so everything older is delivered: now the spool, oldest first.
        for (byte[] record : spool.peek(max)) {
            StoredEvent event = StoredEvent.parse(record);
            if (event != null) {
                batch.add(event);
            } else if (batch.isEmpty()) {
                // Only a damaged disk gets here (records carry a checksum): skip it, counted and said.
                spool.commit(1);
                unreadable.increment();
                LOG.warn("a spooled event is not readable JSON and is skipped ({} so far)", unreadable.sum());
            } else {
                break; // served after this batch is settled, so that positions in the spool stay right
            }
        }
        if (!batch.isEmpty()) {
            batchFromSpool = true;
            return batch.size();
        }
        return memory.take(batch, max, waitNanos);
    }

    @Override
    public void settle(List<Event> batch, int delivered) {
        if (batchFromSpool) {
            spool.commit(delivered); // the rest is still on disk, in front
            batch.clear();
        } else {
            memory.settle(batch, delivered);
        }
        batchFromSpool = false;
    }

    @Override
    public long keep(List<Event> older) {
        List<Event> front = new ArrayList<>(older);
        front.addAll(memory.drainAll());
        if (!front.isEmpty()) {
            List<byte[]> records = new ArrayList<>(front.size());
            front.forEach(e -> records.add(e.bytes()));
            spool.prepend(records);
        }
        return 0;
    }

    @Override
    public boolean persistent() {
        return true;
    }

    /** Events waiting on disk. */
    public long spooled() {
        return spool.size();
    }

    /** The spool's size on disk in bytes. */
    public long spooledBytes() {
        return spool.bytes();
    }

    @Override
    public int size() {
        return memory.size();
    }

    @Override
    public int capacity() {
        return memory.capacity();
    }

    @Override
    public long dropped() {
        return memory.dropped() + spool.droppedWhenFull() + spool.refused();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("spooled", spool.spooled());
        d.put("spool_replayed", spool.replayed());
        recovered.putInto(d);
        d.put("spool_pending", spool.size());
        d.put("spool_bytes", spool.bytes());
        d.put("spool_dropped", spool.droppedWhenFull() + spool.refused());
        d.put("spool_refused", spool.refused());
        d.put("spool_dir", spool.dir().toString());
        if (unreadable.sum() > 0) {
            d.put("spool_unreadable", unreadable.sum());
        }
        return d;
    }

    @Override
    public void close() {
        memory.close();
        spool.close();
    }
}
