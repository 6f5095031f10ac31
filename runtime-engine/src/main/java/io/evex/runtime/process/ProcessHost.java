package io.evex.runtime.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps track of every child program the runtime started, so that none outlives it: after the
 * exporters had their chance to stop theirs, {@link #killAll()} ends whatever is left (a child
 * whose exporter thread is stuck writing to a full pipe, for instance).
 */
public final class ProcessHost {

    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    void started(Process p) {
        children.add(p);
        p.onExit().thenRun(() -> children.remove(p));
    }

    /** Kills every child still running; returns how many there were. */
    public int killAll() {
        int n = 0;
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroyForcibly();
                n++;
            }
        }
        children.clear();
        return n;
    }
}
