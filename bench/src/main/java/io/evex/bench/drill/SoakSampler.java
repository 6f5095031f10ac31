package io.evex.bench.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what a soak watches of the Evex process once a minute: resident memory, the heap after a
 * full GC (jcmd), threads, open files, CPU since the last sample (/proc), and from the status the
 * events published and what waits in the queues.
 */
public final class SoakSampler {

    /** One minute's reading. CPU is in percent of one core. */
    public record Sample(
            double minute,
            long rssMb,
            double heapMb,
            int threads,
            int openFiles,
            double cpu,
            long published,
            long queued,
            long spooled) {

        public static final String HEADER =
                "minute,rss_mb,heap_after_gc_mb,threads,open_files,cpu_percent,published,queued,spooled";

        public String csv() {
            return String.format(
                    Locale.ROOT,
                    "%.1f,%d,%.1f,%d,%d,%.1f,%d,%d,%d",
                    minute,
                    rssMb,
                    heapMb,
                    threads,
                    openFiles,
                    cpu,
                    published,
                    queued,
                    spooled);
        }
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final EvexProcess evex;
    private final String jcmd =
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    private long lastTicks = -1;
    private long lastNanos;

    public SoakSampler(EvexProcess evex) {
        this.evex = evex;
    }

    public Sample take(double minute) throws IOException, InterruptedException {
        long pid = evex.pid();
        run(jcmd, Long.toString(pid), "GC.run");
        Matcher used = USED.matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
        double heapMb = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : -1;
        Path proc = Path.of("/proc", Long.toString(pid));
        String status = Files.readString(proc.resolve("status"));
        long rssKb = field(status, "VmRSS:");
        int threads = (int) field(status, "Threads:");
        int files;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            files = (int) fds.count();
        }
        String[] stat =
                Files.readString(proc.resolve("stat")).replaceAll("^.*\\) ", "").split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
        long now = System.nanoTime();
        double cpu = lastTicks < 0 ? 0 : (ticks - lastTicks) * 100.0 / TICKS_PER_SECOND / ((now - lastNanos) / 1e9);
        lastTicks = ticks;
        lastNanos = now;
        JsonNode s = evex.status();
        long queued = 0;
        long spooled = 0;
        for (JsonNode e : s.path("exporters")) {
            queued += e.path("queued").asLong();
            spooled += e.path("details").path("spool_pending").asLong();
        }
        return new Sample(
                minute,
                rssKb / 1024,
                heapMb,
                threads,
                files,
                cpu,
                s.path("published").asLong(),
                queued,
                spooled);
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** The standard error of {@link #slopePerHour}, per hour: how much of a slope the scatter alone makes. */
    public static double slopeErrorPerHour(double[] values) {
        int n = values.length;
        if (n < 3) {
            return 0;
        }
        double slope = slopePerHour(values) / 60;
        double mx = (n - 1) / 2.0;
        double my = mean(values);
        double residuals = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            double r = values[i] - (my + slope * (i - mx));
            residuals += r * r;
            den += (i - mx) * (i - mx);
        }
        return Math.sqrt(residuals / (n - 2) / den) * 60;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The lowest value of each run of {@code window} samples: the floor a leak would lift. */
    public static double[] floors(double[] values, int window) {
        double[] out = new double[values.length / window];
        for (int w = 0; w < out.length; w++) {
            double min = Double.MAX_VALUE;
            for (int i = w * window; i < (w + 1) * window; i++) {
                min = Math.min(min, values[i]);
            }
            out[w] = min;
        }
        return out;
    }

    /** The least-squares slope of {@code values} per hour, samples a minute apart. */
    public static double slopePerHour(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        double mx = (n - 1) / 2.0;
        double my = mean(values);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (values[i] - my);
            den += (i - mx) * (i - mx);
        }
        return num / den * 60;
    }
}
