package io.evex.api;

import java.util.List;
import java.util.Map;

/**
 * Receives events from the runtime and sends them somewhere.
 *
 * <p>Lifecycle, always in this order and always on the exporter's own thread:
 * <ol>
 *   <li><b>Creation</b>: {@link ExporterFactory#create()} returns a new instance.</li>
 *   <li><b>Start</b>: {@link #start(ExporterContext)} once, with settings already validated.
 *       Throwing here refuses the exporter; the runtime goes on with the others.</li>
 *   <li><b>Delivery</b>: {@link #deliver(Event)} for every event, in publication order per
 *       channel. Throw {@link RetriableExportException} for a failure that may pass (the runtime
 *       retries the same event with back-off, or after the wait the exception hints at) or {@link PermanentExportException} for one that
 *       will not (the event is counted as failed and delivery goes on).</li>
 *   <li><b>Flush</b>: {@link #flush()} whenever the exporter's queue runs empty and before stop:
 *       everything delivered so far must then be handed to the operating system or the remote
 *       side.</li>
 *   <li><b>Stop</b>: {@link #stop()} once, after a last flush. It must be safe to call even if
 *       {@link #start} was never called or failed.</li>
 * </ol>
 */
public interface Exporter {

    /** Prepares the exporter: open files, connect, compile templates. */
    void start(ExporterContext context) throws ExportException;

    /** Sends one event. Must not keep a reference to a mutable part of the event. */
    void deliver(Event event) throws ExportException;

    /** Makes everything delivered so far durable or sent. Called when the queue is idle. */
    default void flush() throws ExportException {}

    /** Releases every resource. Safe to call without a successful {@link #start}. */
    void stop();

    /**
     * Events this exporter accepted but could not confirm as sent (its destination went away), in
     * their original order. Called once, after the last {@link #flush()} and before
     * {@link #stop()}: an exporter whose queue spools to disk gets them back first at the next
     * start, so a clean shutdown loses nothing.
     *
     * @since 0.2
     */
    default List<Event> undelivered() {
        return List.of();
    }

    /**
     * How many of the events delivered so far, counted back from the newest, may not be confirmed
     * yet (in flight to the destination, waiting to be sent again, or in a transaction not committed):
     * every event older than those is confirmed. A durable queue keeps an event on disk until it is
     * confirmed, so a killed runtime delivers it again instead of losing it. The default, {@code -1},
     * means "cannot tell": an event then counts as confirmed once a {@link #flush()} after it returned.
     * Called on the exporter's thread, between deliveries; must be cheap.
     *
     * @since 0.7
     */
    default int unconfirmed() {
        return -1;
    }

    /**
     * Exporter-specific state for status output (a process exporter shows its pid and state).
     * Called from other threads: return a snapshot, never block.
     *
     * @since 0.1
     */
    default Map<String, Object> status() {
        return Map.of();
    }
}
