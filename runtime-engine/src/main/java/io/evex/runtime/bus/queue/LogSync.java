package io.evex.runtime.bus.queue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that forces every durable queue's log to disk on its schedule (group commit): a
 * publisher never waits for an {@code fsync} unless its queue asks for one per event.
 */
final class LogSync {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "evex-log-sync");
        t.setDaemon(true);
        return t;
    });

    private LogSync() {}

    /** Runs {@code sync} every {@code periodNanos} until the returned future is cancelled. */
    static ScheduledFuture<?> every(long periodNanos, Runnable sync) {
        return TIMER.scheduleWithFixedDelay(sync, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }
}
