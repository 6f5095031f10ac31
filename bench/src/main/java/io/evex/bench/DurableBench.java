package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.evex.api.Event;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.EventQueue;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.schemas.convert.Converters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Issue 27's benchmark: events/s through the bus into a no-op exporter that confirms at once, with
 * the memory queue, the durable queue at the default sync (5 ms) and with a sync per event — each
 * durable one next to a bare loop doing the same work in the same run: serialize each event, write
 * it with a length and a checksum to a file with one write call, and force the file on the same
 * pattern (a background force every 5 ms, or one after every write).
 */
final class DurableBench {

    private static final Map<String, Integer> TRACK_V2 = Map.of("track", 2);
    private static final long SYNC_NANOS = QueueSettings.DEFAULT_SYNC_NANOS;

    private final BenchEvents events = new BenchEvents(4096);
    private final Path dir;
    private final int count;
    private final int runs;

    DurableBench(Path dir, int count, int runs) {
        this.dir = dir.toAbsolutePath();
        this.count = count;
        this.runs = runs;
    }

    void all() throws Exception {
        System.out.printf(
                "Evex durable queue benchmark: %,d track events per run, median of %d runs, %d cores%n%n",
                count, runs, Runtime.getRuntime().availableProcessors());
        double memory = measure("bus -> no-op, memory queue", () -> bus(null));
        double bareGroup = measure("bare loop: write + fsync every 5 ms", () -> bare(count, SYNC_NANOS));
        double durable = measure("bus -> no-op, durable, sync 5ms", () -> bus(SYNC_NANOS));
        int few = Math.max(2_000, count / 100);
        double bareEach = measure("bare loop: write + fsync each (" + few + " events)", () -> bare(few, 0));
        double durableEach = measure("bus -> no-op, durable, sync 0 (" + few + " events)", () -> busFew(few));
        System.out.println();
        System.out.printf("durable sync 5ms / bare loop, same fsync : %.2f%n", durable / bareGroup);
        System.out.printf("durable sync 0   / bare loop, same fsync : %.2f%n", durableEach / bareEach);
        System.out.printf("durable sync 5ms / memory queue          : %.2f%n", durable / memory);
    }

    private double measure(String name, Median.Run run) throws Exception {
        return Median.of(name, runs, count, run);
    }

    /** The bus into one no-op exporter; {@code syncNanos} null = the memory queue. Nanos scaled to {@link #count}. */
    private long bus(Long syncNanos) throws Exception {
        return drive(count, syncNanos);
    }

    private long busFew(int few) throws Exception {
        return drive(few, 0L) * count / few;
    }

    private long drive(int n, Long syncNanos) throws Exception {
        Path spool = fresh("durable-spool");
        QueueSettings settings = syncNanos == null
                ? new QueueSettings(10_000, OverflowPolicy.BLOCK)
                : new QueueSettings(10_000, OverflowPolicy.BLOCK, spool, 8L << 30, true, true, syncNanos);
        ConfirmingNoOp exporter = new ConfirmingNoOp();
        ExporterWorker worker = ExporterWorker.builder("noop", exporter)
                .negotiated(TRACK_V2)
                .queue(EventQueue.open(settings, spool))
                .build();
        EventBus bus = new EventBus(List.of(worker), Converters.builtIn(), false);
        worker.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            bus.publish(events.get(i), "track", 2);
        }
        while (worker.delivered() < n) {
            Thread.onSpinWait();
        }
        long elapsed = System.nanoTime() - t0;
        bus.close(60_000);
        return elapsed;
    }

    /** The same work without Evex: serialize, frame, one write call per event, forced on the pattern. */
    private long bare(int n, long syncNanos) throws Exception {
        Path file = fresh("bare-log").resolve("log.seg");
        ObjectWriter writer = new ObjectMapper().writer();
        CRC32C crc = new CRC32C();
        ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (syncNanos > 0) {
                syncer.scheduleWithFixedDelay(() -> force(ch), syncNanos, syncNanos, TimeUnit.NANOSECONDS);
            }
            long position = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] bytes = writer.writeValueAsBytes(events.get(i));
                crc.reset();
                crc.update(bytes, 0, bytes.length);
                out.clear();
                out.putInt(bytes.length).putInt((int) crc.getValue()).put(bytes).flip();
                while (out.hasRemaining()) {
                    position += ch.write(out, position);
                }
                if (syncNanos == 0) {
                    ch.force(false);
                }
            }
            long elapsed = System.nanoTime() - t0;
            return syncNanos == 0 ? elapsed * count / n : elapsed;
        } finally {
            syncer.shutdownNow();
        }
    }

    private static void force(FileChannel ch) {
        try {
            ch.force(false);
        } catch (IOException ignored) {
            // closed at the end of the run
        }
    }

    private Path fresh(String name) throws IOException {
        Path d = dir.resolve(name);
        if (Files.exists(d)) {
            try (Stream<Path> files = Files.walk(d)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(d);
    }

    /** Accepts, discards and confirms at once: what is left of a durable queue's cost is its own. */
    private static final class ConfirmingNoOp implements Exporter {
        @Override
        public void start(ExporterContext context) {}

        @Override
        public void deliver(Event event) {}

        @Override
        public int unconfirmed() {
            return 0;
        }

        @Override
        public void stop() {}
    }
}
