package io.evex.runtime.bus.queue;

import java.nio.file.Path;

/**
 * A process for {@link DurableQueueTest} to kill: publishes into a durable queue in {@code args[0]}
 * and says after each publish returned.
 */
public final class DurableQueueChild {

    private DurableQueueChild() {}

    public static void main(String[] args) {
        DurableQueue q = new DurableQueue(100, new Spool(Path.of(args[0]), 1L << 30, true), 5_000_000L, true);
        for (int i = 0; ; i++) {
            q.offer(DurableQueueTest.event(i), false);
            System.out.println("published " + i);
        }
    }
}
