package io.evex.runtime.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * At-least-once delivery: the messages written to the current program that it has not yet
 * acknowledged, in order, at most {@code capacity} of them. The program reports on stdout
 * {@code ack N}: it has durably handled its first N messages (counted from its own start).
 * After a restart the unacknowledged messages are written again, first.
 */
final class AckWindow {

    private final ArrayDeque<byte[]> unacked = new ArrayDeque<>();
    /** Events per unacknowledged message (a batch holds several). */
    private final ArrayDeque<Integer> counts = new ArrayDeque<>();

    private long events;
    private final int capacity;
    private int generation;
    private long acked;

    AckWindow(int capacity) {
        this.capacity = capacity;
    }

    /** Waits up to {@code ms} for room; true if there is room. */
    synchronized boolean awaitRoom(long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (unacked.size() >= capacity) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** A message (without separator) of {@code eventCount} events was written to the current program. */
    synchronized void sent(byte[] message, int eventCount) {
        unacked.addLast(message);
        counts.addLast(eventCount);
        events += eventCount;
    }

    /** The program of {@code gen} acknowledged its first {@code count} messages. */
    synchronized void ack(int gen, long count) {
        if (gen != generation || count <= acked) {
            return;
        }
        for (long i = acked; i < count && !unacked.isEmpty(); i++) {
            unacked.removeFirst();
            events -= counts.removeFirst();
        }
        acked = count;
        notifyAll();
    }

    /** A new program starts: its count starts at zero and it gets every unacknowledged message again. */
    synchronized List<byte[]> restart(int gen) {
        generation = gen;
        acked = 0;
        return new ArrayList<>(unacked);
    }

    synchronized int size() {
        return unacked.size();
    }

    /** Events in the unacknowledged messages. */
    synchronized long events() {
        return events;
    }
}
