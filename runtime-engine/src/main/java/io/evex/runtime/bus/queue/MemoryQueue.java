package io.evex.runtime.bus.queue;

import io.evex.api.Event;
import io.evex.api.delivery.OverflowPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exporter's queue in memory: a bounded array queue with one of the overflow policies
 * {@link OverflowPolicy#BLOCK}, {@link OverflowPolicy#DROP_OLDEST} or
 * {@link OverflowPolicy#DROP_NEWEST}. Events a worker could not deliver from its last batch are
 * held in front of the queue (outside its bound: they were already counted in).
 */
public final class MemoryQueue implements EventQueue {

    private final ArrayBlockingQueue<Event> queue;
    private final OverflowPolicy policy;
    private final ArrayDeque<Event> front = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;

    public MemoryQueue(int capacity, OverflowPolicy policy) {
        if (policy == OverflowPolicy.SPOOL) {
            throw new IllegalArgumentException("a memory queue cannot spool: use a SpoolingQueue");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.policy = policy;
    }

    @Override
    public void offer(Event event, boolean lossless) {
        if (closed) {
            dropped.increment();
            return;
        }
        switch (lossless ? OverflowPolicy.BLOCK : policy) {
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
            default -> {
                while (!queue.offer(event)) {
                    if (queue.poll() != null) {
                        dropped.increment();
                    }
                }
            }
        }
    }

    /** Adds without waiting or dropping; false when full (the spooling queue's first try). */
    boolean tryOffer(Event event) {
        return queue.offer(event);
    }

    @Override
    public int take(List<Event> batch, int max, long waitNanos) throws InterruptedException {
        while (!front.isEmpty() && batch.size() < max) {
            batch.add(front.poll());
        }
        if (batch.isEmpty()) {
            Event first = waitNanos > 0 ? queue.poll(waitNanos, TimeUnit.NANOSECONDS) : queue.poll();
            if (first == null) {
                return 0;
            }
            batch.add(first);
        }
        queue.drainTo(batch, max - batch.size());
        return batch.size();
    }

    @Override
    public void settle(List<Event> batch, int delivered) {
        for (int i = batch.size() - 1; i >= delivered; i--) {
            front.addFirst(batch.get(i));
        }
        batch.clear();
    }

    /** Everything held, oldest first, and empty afterwards; for {@link #keep} and the spooling queue. */
    List<Event> drainAll() {
        List<Event> all = new ArrayList<>(front);
        front.clear();
        queue.drainTo(all);
        return all;
    }

    /** Whether nothing is held. */
    boolean isEmpty() {
        return front.isEmpty() && queue.isEmpty();
    }

    @Override
    public long keep(List<Event> older) {
        long lost = older.size() + drainAll().size();
        dropped.add(lost);
        return lost;
    }

    @Override
    public int size() {
        return queue.size() + front.size();
    }

    @Override
    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void close() {
        closed = true;
    }
}
