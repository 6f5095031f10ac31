package io.evex.bench;

import io.evex.runtime.bus.queue.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The spool's write and replay rates, with the MQTT benchmark's payloads. */
final class SpoolBench {

    private final byte[][] payloads;
    private final long count;
    private final int runs;
    private final Path dir;

    SpoolBench(byte[][] payloads, long count, int runs, Path dir) {
        this.payloads = payloads;
        this.count = count;
        this.runs = runs;
        this.dir = dir;
    }

    /** Writes {@code count} events' bytes to a fresh spool, then reads and commits them back in batches of 256. */
    void run() throws Exception {
        Path sdir = dir.resolve("spool-bench");
        double[] write = new double[runs];
        double[] replay = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (var files = Files.exists(sdir) ? Files.list(sdir) : java.util.stream.Stream.<Path>empty()) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            try (Spool spool = new Spool(sdir, 8L << 30, true)) {
                long t0 = System.nanoTime();
                for (long i = 0; i < count; i++) {
                    spool.append(payloads[(int) (i % payloads.length)]);
                }
                long t1 = System.nanoTime();
                while (!spool.isEmpty()) {
                    spool.commit(spool.peek(256).size());
                }
                long t2 = System.nanoTime();
                write[r] = count / ((t1 - t0) / 1e9);
                replay[r] = count / ((t2 - t1) / 1e9);
            }
        }
        Arrays.sort(write);
        Arrays.sort(replay);
        System.out.printf(
                "spool: write %,.0f events/s, replay (read + commit) %,.0f events/s%n",
                write[runs / 2], replay[runs / 2]);
    }
}
