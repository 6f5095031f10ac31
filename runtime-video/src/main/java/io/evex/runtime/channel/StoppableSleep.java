package io.evex.runtime.channel;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A wait (pacing, reconnect back-off) that a stop cuts short: {@code notifyAll} on the monitor wakes it. */
final class StoppableSleep {

    private StoppableSleep() {}

    /** Waits {@code nanos} on {@code monitor}'s lock, or less once {@code running} is false and the monitor is notified. */
    static void sleep(Object monitor, long nanos, BooleanSupplier running) {
        long end = System.nanoTime() + nanos;
        synchronized (monitor) {
            long left;
            while (running.getAsBoolean() && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
