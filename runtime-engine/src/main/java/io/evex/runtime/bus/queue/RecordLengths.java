package io.evex.runtime.bus.queue;

import java.util.Arrays;

/**
 * The lengths of a spool's undelivered records, oldest first, in a growable ring of ints: moving
 * past, skipping or dropping records is arithmetic instead of a header read from disk per record.
 * Four bytes a record (a 1 GiB spool of 300-byte events: 14 MB).
 */
final class RecordLengths {

    private int[] ring = new int[1024];
    private int head;
    private int size;

    int size() {
        return size;
    }

    /** The length of the {@code i}-th oldest record. */
    int get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return ring[(head + i) & (ring.length - 1)];
    }

    void addLast(int length) {
        grow();
        ring[(head + size) & (ring.length - 1)] = length;
        size++;
    }

    /** Puts a record in front of the oldest (events put back at a stop). */
    void addFirst(int length) {
        grow();
        head = (head - 1) & (ring.length - 1);
        ring[head] = length;
        size++;
    }

    int removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("no record left");
        }
        int length = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return length;
    }

    private void grow() {
        if (size < ring.length) {
            return;
        }
        int[] bigger = new int[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        Arrays.fill(ring, 0);
        ring = bigger;
        head = 0;
    }
}
