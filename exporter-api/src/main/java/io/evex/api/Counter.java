package io.evex.api;

/** A monotonic counter, cheap to update from the exporter's thread. */
public interface Counter {

    /** Adds one. */
    default void increment() {
        add(1);
    }

    /** Adds {@code n}. */
    void add(long n);

    /** The current value. */
    long get();
}
