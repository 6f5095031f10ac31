package io.evex.runtime.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for what a running system does by itself, with a message naming what never came. */
public final class Waits {

    private Waits() {}

    /**
     * Polls {@code condition} until it holds, soon at first (10 ms) then every 100 ms; fails after
     * {@code atMost}, naming {@code what}.
     */
    public static void until(String what, Duration atMost, BooleanSupplier condition) throws InterruptedException {
        until(what, atMost, Duration.ofMillis(100), condition);
    }

    /**
     * The same, polling at most {@code every} apart: for a test that must act within a few
     * milliseconds of the moment (kill a program while events still flow).
     */
    public static void until(String what, Duration atMost, Duration every, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = Math.min(10, every.toMillis());
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + atMost.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(Math.max(1, pause));
            pause = Math.min(every.toMillis(), pause * 2);
        }
    }

    /** A look at a running system that may not have the answer yet: null, or an exception, means "not yet". */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Polls {@code probe} as {@link #until} does and returns its first answer (not null, no
     * exception); fails after {@code atMost}, naming {@code what} and the last exception seen.
     */
    public static <T> T value(String what, Duration atMost, Probe<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = 10;
        Exception last = null;
        while (true) {
            try {
                T answer = probe.get();
                if (answer != null) {
                    return answer;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + atMost.toSeconds() + " s waiting for " + what
                                + (last == null ? "" : " (last: " + last + ")"),
                        last);
            }
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
    }

    /** Waits until something accepts connections on {@code 127.0.0.1:port}. */
    public static void listening(String what, int port, Duration atMost) throws InterruptedException {
        value(what + " to listen on " + port, atMost, () -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return Boolean.TRUE;
            }
        });
    }
}
