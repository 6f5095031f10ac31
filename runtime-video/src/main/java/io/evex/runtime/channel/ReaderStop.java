package io.evex.runtime.channel;

import io.evex.runtime.video.VideoInput;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How a thread reading a video input is stopped, shared by a channel and its detect input: its
 * waits (pacing, reconnect back-off) are cut short by a {@code notifyAll} on its monitor, and a stop
 * interrupts the blocking read, wakes the wait and joins the thread.
 */
final class ReaderStop {

    private ReaderStop() {}

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

    /**
     * Interrupts {@code in} (when open), wakes a wait on {@code monitor} and waits up to {@code
     * timeoutMs} for {@code thread}; false when it is still running. The caller has cleared its
     * running flag.
     */
    static boolean stop(Object monitor, VideoInput in, Thread thread, long timeoutMs) {
        if (in != null) {
            in.interrupt();
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
