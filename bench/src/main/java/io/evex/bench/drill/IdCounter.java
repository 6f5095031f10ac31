package io.evex.bench.drill;

import java.util.BitSet;

/**
 * Counts events by the sequence number in their id ({@code <prefix><n>}): how many arrived, how
 * many distinct, so how many twice.
 */
public final class IdCounter {

    private final String prefix;
    private final BitSet seen = new BitSet();
    private long received;

    public IdCounter(String prefix) {
        this.prefix = prefix;
    }

    /** Finds the id in {@code text} (a whole event's JSON); ignores text without one. */
    public synchronized void add(String text) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            return;
        }
        int end = at + prefix.length();
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end > at + prefix.length()) {
            received++;
            seen.set(Integer.parseInt(text, at + prefix.length(), end, 10));
        }
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long distinct() {
        return seen.cardinality();
    }

    public synchronized long duplicates() {
        return received - seen.cardinality();
    }

    /** How many of {@code expected} have not arrived. */
    public synchronized long missing(BitSet expected) {
        BitSet left = (BitSet) expected.clone();
        left.andNot(seen);
        return left.cardinality();
    }

    /** The first of {@code expected} that has not arrived, or -1. */
    public synchronized int firstMissing(BitSet expected) {
        BitSet left = (BitSet) expected.clone();
        left.andNot(seen);
        return left.nextSetBit(0);
    }
}
