package io.evex.runtime.bus.queue;

import io.evex.api.Event;
import io.evex.api.delivery.OverflowPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bounded queue in front of one exporter: publishers {@link #offer} from any thread, one
 * worker {@link #take}s batches, tells the queue how much of each it {@link #settle}d, and at
 * stop hands back what it could not deliver with {@link #keep}. Implementations:
 * {@link MemoryQueue} (the overflow policies), {@link SpoolingQueue} (memory, then disk) and
 * {@link DurableQueue} (every event on disk until the exporter confirms it).
 */
public interface EventQueue extends AutoCloseable {

    /**
     * The queue {@code settings} describe: in memory, or spooling to {@code spoolDir} (opened now,
     * finding what an earlier run left there) with {@link OverflowPolicy#SPOOL}.
     *
     * @throws java.io.UncheckedIOException when the spool cannot be opened
     */
    static EventQueue open(QueueSettings settings, Path spoolDir) {
        if (settings.durable()) {
            return new DurableQueue(
                    settings.size(),
                    new Spool(spoolDir, settings.spoolMaxBytes(), settings.spoolDropOldest()),
                    settings.syncNanos(),
                    settings.spoolDropOldest());
        }
        if (settings.overflow() == OverflowPolicy.SPOOL) {
            return new SpoolingQueue(
                    settings.size(), new Spool(spoolDir, settings.spoolMaxBytes(), settings.spoolDropOldest()));
        }
        return new MemoryQueue(settings.size(), settings.overflow());
    }

    /**
     * Adds an event, applying the overflow policy when the queue is full. Never throws for a full
     * queue: a dropped event is counted.
     *
     * @param lossless wait for room whatever the policy (replay, where dropping is never wanted)
     */
    void offer(Event event, boolean lossless);

    /**
     * Moves up to {@code max} events, oldest first, into {@code batch} (which must be empty),
     * waiting at most {@code waitNanos} for the first one.
     *
     * @return how many were added (0 after the wait)
     */
    int take(List<Event> batch, int max, long waitNanos) throws InterruptedException;

    /**
     * Ends the last {@link #take}: its first {@code delivered} events are done; the rest stay the
     * oldest of the queue and come first from the next take or {@link #keep}. Clears {@code batch}.
     */
    void settle(List<Event> batch, int delivered);

    /**
     * At stop, after the worker's last settle: keeps {@code older} (the exporter's unconfirmed
     * events, oldest first) and everything still queued behind them for the next start if this queue
     * can, or counts them as dropped.
     *
     * @return how many events were dropped
     */
    long keep(List<Event> older);

    /** Whether undelivered events outlive a stop (kept on disk): a stop then need not wait for a destination that is down. */
    default boolean persistent() {
        return false;
    }

    /**
     * Whether settled events stay on disk until {@link #confirm}ed: the worker then asks the exporter
     * what it has confirmed ({@link io.evex.api.Exporter#unconfirmed()}) and passes it on.
     */
    default boolean durable() {
        return false;
    }

    /** Settled events not yet confirmed (in a {@link #durable} queue). */
    default long awaitingConfirmation() {
        return 0;
    }

    /** The {@code n} oldest settled events are confirmed by their destination: a durable queue lets them go. */
    default void confirm(long n) {}

    /** Events held in memory now. */
    int size();

    /** Events the memory part holds at most. */
    int capacity();

    /** Events dropped so far by the overflow policy or at stop. */
    long dropped();

    /** Extra counters for status (a spool's), empty for a plain memory queue. */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** Releases files; the queue takes nothing more. */
    @Override
    void close();
}
