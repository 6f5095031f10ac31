package io.evex.runtime.media;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media exporter's queue and thread. Control messages (open, close) always get in; data
 * (packets, images) only while fewer than {@code limit} are waiting, otherwise they are dropped
 * and counted. A failing exporter is logged once per kind of failure and counted, never retried in
 * a loop: the next packet is its next chance.
 */
abstract class Outlet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outlet.class);
    private static final Runnable STOP = () -> {};

    private final String name;
    private final ClassLoader loader;
    private final int limit;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger waitingData = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile String lastFailure = "";

    Outlet(String name, ClassLoader loader, int limit) {
        this.name = name;
        this.loader = loader;
        this.limit = limit;
        this.thread = new Thread(this::run, "evex-media-" + name);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(loader); // the exporter's code runs with its plugin's loader
        this.thread.start();
    }

    String name() {
        return name;
    }

    /** Queues a control call; always accepted. */
    void control(Call call) {
        queue.add(() -> invoke(call, false));
    }

    /**
     * Queues a data call, unless the exporter is {@code limit} items behind; false when dropped
     * (counted). With {@code wait}, waits for room instead (a file converted as fast as it decodes).
     */
    boolean data(Call call, boolean wait) {
        while (wait && waitingData.get() >= limit && thread.isAlive()) {
            LockSupport.parkNanos(200_000);
        }
        if (waitingData.get() >= limit) {
            dropped.increment();
            return false;
        }
        waitingData.incrementAndGet();
        queue.add(() -> {
            waitingData.decrementAndGet();
            invoke(call, true);
        });
        return true;
    }

    /** Counts a data item dropped before it reached the queue (waiting for a key frame). */
    void countDropped() {
        dropped.increment();
    }

    private void invoke(Call call, boolean isData) {
        try {
            call.run();
            if (isData) {
                written.increment();
            }
        } catch (Exception | LinkageError e) {
            failed.increment();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!message.equals(lastFailure)) {
                lastFailure = message;
                LOG.error("media exporter '{}': {}", name, message);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable next = queue.take();
                if (next == STOP) {
                    return;
                }
                next.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int depth() {
        return waitingData.get();
    }

    long dropped() {
        return dropped.sum();
    }

    long written() {
        return written.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Lets the exporter finish what is queued (at most {@code timeoutMs}), then ends the thread. */
    void stop(long timeoutMs) {
        queue.add(STOP);
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("media exporter '{}' did not finish within {} ms; {} items left", name, timeoutMs, queue.size());
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }

    /** A call into the exporter. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }
}
