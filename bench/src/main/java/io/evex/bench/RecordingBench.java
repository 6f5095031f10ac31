package io.evex.bench;

import io.evex.exporters.media.recording.Recordings;
import io.evex.exporters.media.recording.RetentionSettings;
import io.evex.runtime.channel.ChannelSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings benchmark of issue 25: the retention sweep's CPU per 1 000 segments indexed and
 * deleted, a sweep over 100 000 kept segments with nothing due, the index rebuilt at start for 100 000
 * segments, playback start one day back ({@link PlaybackBench}), and the recorder's CPU next to
 * {@code ffmpeg -c copy -f segment} on the same input.
 */
final class RecordingBench {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingBench.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final RetentionSettings KEEP_A_DAY = new RetentionSettings(
            Duration.ofDays(1),
            Duration.ofDays(30),
            RetentionSettings.Mode.ALL,
            Set.of("track"),
            0,
            0,
            Duration.ofSeconds(10));

    private final Path dir;
    private final int runs;

    RecordingBench(Path dir, int runs) {
        this.dir = dir;
        this.runs = runs;
    }

    void all() throws Exception {
        System.out.printf(
                "Evex recordings benchmark, %d cores, median of %d runs%n%n",
                Runtime.getRuntime().availableProcessors(), runs);
        if (!Boolean.getBoolean("evex.bench.recorder-only")) {
            indexAndDelete(1_000);
            rebuild(100_000);
            new PlaybackBench(dir, runs).all();
        }
        recorderCpu();
    }

    /** CPU of indexing {@code n} segments as the recorder does (open, progress, close) and of the sweep deleting them. */
    private void indexAndDelete(int n) throws Exception {
        double[] index = new double[runs];
        double[] delete = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path root = fresh("rec-sweep");
            Path[] files = new Path[n];
            for (int i = 0; i < n; i++) {
                files[i] = Files.write(root.resolve(i + ".mp4"), new byte[64]);
            }
            Recordings r = Recordings.open(root, KEEP_A_DAY, LOG);
            long t0 = 1_000_000_000L;
            long cpu = cpu();
            for (int i = 0; i < n; i++) {
                r.opened("cam", files[i], t0 + i * 2_000L);
                r.progressed("cam", t0 + i * 2_000L + 1_999);
                r.closed("cam");
            }
            index[run] = (cpu() - cpu) / 1e6;
            cpu = cpu();
            int gone = r.sweep(t0 + 10L * 86_400_000L);
            delete[run] = (cpu() - cpu) / 1e6;
            if (gone != n) {
                throw new IllegalStateException("the sweep deleted " + gone + " of " + n);
            }
        }
        System.out.printf(
                "index %,d segments (open, progress, close; one index line each)   %8.1f ms CPU%n", n, median(index));
        System.out.printf(
                "sweep deleting %,d segments (files and index lines)               %8.1f ms CPU%n", n, median(delete));
    }

    /** Start-up with {@code n} segments in the index (each file checked), and a sweep over them with nothing due. */
    private void rebuild(int n) throws Exception {
        Path root = fresh("rec-rebuild");
        Files.createDirectories(root.resolve(".recordings"));
        long t0 = System.currentTimeMillis() - n * 2_000L;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Files.write(root.resolve(i + ".mp4"), new byte[1]);
            lines.append("{\"file\":\"")
                    .append(i)
                    .append(".mp4\",\"start\":")
                    .append(t0 + i * 2_000L)
                    .append(",\"end\":")
                    .append(t0 + i * 2_000L + 1_999)
                    .append(",\"bytes\":1,\"events\":false,\"motion\":false}\n");
        }
        Files.writeString(root.resolve(".recordings/cam.jsonl"), lines, StandardCharsets.UTF_8);
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double[] sweep = new double[runs];
        RetentionSettings keep = new RetentionSettings(
                Duration.ofDays(365),
                Duration.ofDays(365),
                RetentionSettings.Mode.ALL,
                Set.of(),
                0,
                0,
                Duration.ofSeconds(10));
        for (int run = 0; run < runs; run++) {
            long c = cpu();
            long w = System.nanoTime();
            Recordings r = Recordings.open(root, keep, LOG);
            wall[run] = (System.nanoTime() - w) / 1e6;
            cpu[run] = (cpu() - c) / 1e6;
            if (r.segments("cam").size() != n) {
                throw new IllegalStateException("rebuilt " + r.segments("cam").size() + " of " + n);
            }
            c = cpu();
            r.sweep(System.currentTimeMillis());
            sweep[run] = (cpu() - c) / 1e6;
        }
        System.out.printf(
                "index rebuilt at start, %,d segments                               %8.1f ms wall, %.1f ms CPU%n",
                n, median(wall), median(cpu));
        System.out.printf(
                "sweep over %,d kept segments, nothing due (every sweep_interval)   %8.1f ms CPU%n", n, median(sweep));
    }

    /**
     * The recorder (pass-through, 2 s segments, indexed) next to FFmpeg's segment muxer on the same
     * file, for 10 and for 20 minutes of video (the 60 s input copied 10 and 20 times): the whole
     * runs, and what the second 10 minutes cost each (the JVM's one-off start of a channel and its
     * JIT left out, as a recorder that runs for months sees it).
     */
    private void recorderCpu() throws Exception {
        VideoBench video = new VideoBench(dir, runs);
        double[] ten = recorderCpu(video, 10);
        double[] twenty = recorderCpu(video, 20);
        System.out.printf(
                "recorder, 2 s segments, 10 min of 720p25: Evex %.3f s CPU | ffmpeg -c copy -f segment %.3f s | ratio %.2f%n",
                ten[0], ten[1], ten[0] / ten[1]);
        System.out.printf(
                "recorder, 2 s segments, 20 min of 720p25: Evex %.3f s CPU | ffmpeg -c copy -f segment %.3f s | ratio %.2f%n",
                twenty[0], twenty[1], twenty[0] / twenty[1]);
        System.out.printf(
                "recorder, the second 10 min alone:        Evex %.3f s CPU | ffmpeg %.3f s | ratio %.2f (goal <= 1.2)%n",
                twenty[0] - ten[0], twenty[1] - ten[1], (twenty[0] - ten[0]) / (twenty[1] - ten[1]));
    }

    /** Median CPU seconds of {Evex, ffmpeg} recording {@code minutes} of the input in 2 s segments. */
    private double[] recorderCpu(VideoBench video, int minutes) throws Exception {
        Path in = dir.resolve("bench-720p25-" + minutes + "min.mp4");
        if (!Files.exists(in)) {
            video.cliCpu(
                    "-stream_loop",
                    Integer.toString(minutes - 1),
                    "-i",
                    video.input().toString(),
                    "-c",
                    "copy",
                    in.toString());
        }
        double[] evex = new double[runs];
        double[] cli = new double[runs];
        for (int run = -1; run < runs; run++) { // the first is a warm-up
            Path ours = fresh("rec-evex");
            double e = video.evexCpu(
                    ChannelSettings.of("bench", in.toString())
                            .withLoop(false)
                            .withRealtime(false)
                            .withStatistics(0)
                            .withMotion(VideoBench.off())
                            .withCache(0, 0, 0),
                    "mp4:path=" + ours + "/{sys.count}.mp4,segment=2s");
            Path theirs = fresh("rec-cli");
            double c = video.cliCpu(
                    "-i",
                    in.toString(),
                    "-c",
                    "copy",
                    "-f",
                    "segment",
                    "-segment_time",
                    "2",
                    "-reset_timestamps",
                    "1",
                    theirs.resolve("%05d.mp4").toString());
            if (run >= 0) {
                evex[run] = e;
                cli[run] = c;
            }
        }
        return new double[] {median(evex), median(cli)};
    }

    private Path fresh(String name) throws Exception {
        Path p = dir.resolve(name);
        if (Files.exists(p)) {
            try (Stream<Path> all = Files.walk(p)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(p);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
