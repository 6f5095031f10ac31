package io.evex.runtime.process;

/**
 * The life of an exporter's program:
 * <pre>
 * NOT_STARTED --start--> RUNNING --exit or broken pipe--> RESTARTING --back-off due, next event--> RUNNING
 *                           |                                 |
 *                           |                                 +--policy says no restart--> EXITED
 *                           +--stop()--> STOPPED    (from any state)
 * </pre>
 * A program that cannot be started at all stays {@code RESTARTING}, retried on the back-off.
 */
public enum ProcessState {
    NOT_STARTED,
    RUNNING,
    RESTARTING,
    /** Ended, and its restart policy does not start it again: events fail permanently. */
    EXITED,
    STOPPED;

    public boolean isRunning() {
        return this == RUNNING;
    }

    /** The lower-case, dash-separated name used in status output ({@code not-started}). */
    @Override
    public String toString() {
        return name().toLowerCase().replace('_', '-');
    }
}
