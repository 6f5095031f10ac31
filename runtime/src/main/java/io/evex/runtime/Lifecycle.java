package io.evex.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When a runtime is asked to stop, and the JVM's shutdown hook that waits for it to close: a
 * SIGTERM or Ctrl-C then drains the exporters instead of cutting them off.
 */
final class Lifecycle {

    private static final long HOOK_WAIT_S = 30;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread hook;

    synchronized void stopOnShutdown() {
        if (hook != null) {
            return;
        }
        hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        closed.await(HOOK_WAIT_S, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "evex-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void stop() {
        stop.countDown();
    }

    boolean awaitStop(long timeoutMs) throws InterruptedException {
        return stop.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The runtime closed: a waiting shutdown hook may let the JVM end. */
    void closed() {
        stop.countDown();
        closed.countDown();
    }
}
