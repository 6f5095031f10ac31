package io.evex.runtime.bus.delivery;

/**
 * The life of an {@link ExporterWorker}:
 * <pre>
 * CREATED --start()--> RUNNING --stop(deadline)--> STOPPING --queue drained or deadline--> STOPPED
 * </pre>
 * A worker never goes back; a stopped exporter is replaced by a new worker.
 */
public enum WorkerState {
    /** Built, thread not started: publishers may already queue events. */
    CREATED,
    /** Delivering. */
    RUNNING,
    /** Taking no new events; delivering what is queued until the deadline. */
    STOPPING,
    /** The exporter is stopped; what was left is in the spool or counted as dropped. */
    STOPPED;

    public boolean isRunning() {
        return this == RUNNING;
    }

    public boolean isStopped() {
        return this == STOPPED;
    }

    /** The lower-case name used in status output. */
    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
