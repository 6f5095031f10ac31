package io.evex.runtime.bus.delivery;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.RetriableExportException;
import io.evex.api.delivery.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Delivers one event to an exporter and owns everything around it: retries of retriable failures
 * on the {@link RetrySettings}' back-off, or after the exporter's hint when that is longer; the
 * stop deadline; and counting. Exporters only classify their failures (as Kafka Connect's
 * {@code RetryWithToleranceOperator} and the OpenTelemetry Collector's retry sender do).
 */
public final class DeliveryOperator {

    /** What became of an event. */
    public enum Outcome {
        /** The exporter took it. */
        DELIVERED,
        /** Counted as failed: a permanent failure, attempts used up, or no time left before the stop deadline. */
        FAILED,
        /** Not delivered because the worker is stopping and the event is kept (spooled) for the next start. */
        DEFERRED
    }

    private final Exporter exporter;
    private final RetrySettings retry;
    private final Ticker ticker;
    private final boolean keepsOnStop;
    private final FailureLog failures;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private volatile boolean stopping;
    private volatile long deadlineNanos;
    /** The thread waiting between attempts, if any; guarded by itself. A stop wakes it. */
    private final Object waitLock = new Object();

    private Thread waiting;
    private boolean wokenByStop;

    /**
     * @param keepsOnStop the queue keeps undelivered events across a stop (a spool): at stop an
     *     event whose destination is down is deferred at once instead of retried until the deadline
     */
    public DeliveryOperator(Exporter exporter, RetrySettings retry, Ticker ticker, boolean keepsOnStop, Logger log) {
        this.exporter = exporter;
        this.retry = retry;
        this.ticker = ticker;
        this.keepsOnStop = keepsOnStop;
        this.failures = new FailureLog(log, 30_000, () -> ticker.nanoTime() / 1_000_000);
    }

    /** From now on, retry only until {@code deadlineNanos} (on the ticker's clock). */
    public void stopBy(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.stopping = true;
        synchronized (waitLock) {
            if (waiting != null) {
                wokenByStop = true;
                waiting.interrupt();
            }
        }
    }

    /** Whether a stop was asked for and its deadline has passed: nothing more should be tried. */
    public boolean pastDeadline() {
        return stopping && ticker.nanoTime() - deadlineNanos > 0;
    }

    /**
     * Delivers {@code event}, retrying as configured. The first attempt is kept small (the usual
     * case, on the hot path, where the JIT can inline the exporter's code into the worker's loop);
     * failures go to {@link #afterFailure}.
     */
    public Outcome deliver(Event event) throws InterruptedException {
        try {
            exporter.deliver(event);
            delivered.increment();
            return Outcome.DELIVERED;
        } catch (ExportException | RuntimeException e) {
            return afterFailure(event, e);
        }
    }

    /** The first attempt failed with {@code failure}: retries while that helps, then gives up or defers. */
    private Outcome afterFailure(Event event, Exception failure) throws InterruptedException {
        Exception e = failure;
        for (int attempt = 1; ; attempt++) {
            if (!(e instanceof RetriableExportException retriable)) {
                return failed(
                        e instanceof ExportException
                                ? "event " + event + " failed and is not retried: " + e.getMessage()
                                : "event " + event + " failed with an unexpected "
                                        + e.getClass().getName() + ": " + e.getMessage());
            }
            if (stopping && keepsOnStop) {
                return Outcome.DEFERRED; // safe on disk: do not hold up the stop for a destination that is down
            }
            Duration wait = retry.backoff().delay(attempt);
            if (retriable.retryAfter().isPresent()
                    && retriable.retryAfter().get().compareTo(wait) > 0) {
                wait = retriable.retryAfter().get();
            }
            boolean exhausted = retry.maxAttempts() > 0 && attempt >= retry.maxAttempts();
            if (exhausted || (stopping && ticker.nanoTime() + wait.toNanos() - deadlineNanos > 0)) {
                return failed("gave up on event " + event + " after " + attempt + " attempts: " + e.getMessage());
            }
            retries.increment();
            failures.failure("delivery failed, retrying in " + wait.toMillis() + " ms: " + e.getMessage());
            await(wait.toNanos());
            try {
                exporter.deliver(event);
                delivered.increment();
                return Outcome.DELIVERED;
            } catch (ExportException | RuntimeException next) {
                e = next;
            }
        }
    }

    private Outcome failed(String why) {
        failed.increment();
        failures.failure(why);
        return Outcome.FAILED;
    }

    /**
     * Waits on the ticker. A stop that arrives meanwhile interrupts the wait (and only the wait, never
     * the exporter's code) for one last attempt under the stop's rules.
     */
    private void await(long nanos) throws InterruptedException {
        synchronized (waitLock) {
            waiting = Thread.currentThread();
        }
        try {
            ticker.sleep(nanos);
        } catch (InterruptedException e) {
            synchronized (waitLock) {
                if (!wokenByStop) {
                    throw e;
                }
            }
        } finally {
            synchronized (waitLock) {
                waiting = null;
                if (wokenByStop) {
                    wokenByStop = false;
                    Thread.interrupted(); // the stop's wake-up, if it came after the wait ended
                }
            }
        }
    }

    /** Asks the exporter to flush; a failure is counted in the log, never thrown. Returns whether it succeeded. */
    public boolean flush() {
        try {
            exporter.flush();
            return true;
        } catch (ExportException | RuntimeException e) {
            failures.failure("flush failed: " + e.getMessage());
            return false;
        }
    }

    public long delivered() {
        return delivered.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long retries() {
        return retries.sum();
    }
}
