package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterSettings;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process-exporter benchmark of issue 3: events/s delivered to 1 and to 4 programs that read
 * and discard stdin ({@code cat > /dev/null}), next to a bare loop in the same run that
 * serialises the same events with Jackson and writes them to one {@code cat} through a 64 KiB buffer.
 */
final class ProcessBench {

    private final BenchEvents events;
    private final long count;
    private final int runs;
    private final Path descriptors;

    ProcessBench(BenchEvents events, long count, int runs, Path dir) throws Exception {
        this.events = events;
        this.count = count;
        this.runs = runs;
        this.descriptors = dir.resolve("descriptors");
        for (int i = 1; i <= 4; i++) {
            Path d = Files.createDirectories(descriptors.resolve("cat-" + i));
            Files.writeString(
                    d.resolve("exporter.json"),
                    "{\"name\":\"cat-" + i + "\",\"events\":[\"track:2\"],"
                            + "\"command\":[\"sh\",\"-c\",\"exec cat > /dev/null\"],\"queue\":{\"size\":10000,\"overflow\":\"block\"}}");
        }
    }

    void all() throws Exception {
        double bare = median("baseline: Jackson -> one cat, 64 KiB buffer", this::bare);
        double one = median("bus -> 1 process exporter (cat)", () -> processes(1));
        double four = median("bus -> 4 process exporters (cat)", () -> processes(4));
        System.out.printf("%n1 process / bare loop          : %.2f%n", one / bare);
        System.out.printf("time for 4 processes / for 1  : %.2f%n", one / four);
    }

    private double median(String name, Median.Run run) throws Exception {
        return Median.of(name, runs, count, run);
    }

    private long bare() throws Exception {
        ObjectWriter writer = new ObjectMapper().writer();
        Process cat = new ProcessBuilder("sh", "-c", "exec cat > /dev/null").start();
        long t0 = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(cat.getOutputStream(), 64 * 1024)) {
            for (long i = 0; i < count; i++) {
                out.write(writer.writeValueAsBytes(events.get(i)));
                out.write(0);
            }
        }
        cat.waitFor();
        return System.nanoTime() - t0;
    }

    private long processes(int n) throws Exception {
        List<String> options = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            options.add("cat-" + i);
        }
        List<ExporterSettings> exporters = ExportOption.parseAll(options, List.of());
        Evex evex = new Evex(RuntimeConfig.empty().plus(List.of(), List.of(descriptors), exporters), false).start();
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            evex.bus().publish(events.get(i), "track", 2);
        }
        while (evex.bus().stats().stream()
                        .mapToLong(ExporterStats::delivered)
                        .min()
                        .orElse(0)
                < count) {
            Thread.onSpinWait();
        }
        evex.close(60_000); // includes the last flush and the programs' exit
        return System.nanoTime() - t0;
    }
}
