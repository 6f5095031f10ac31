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
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = 10;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + atMost.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
    }
}
