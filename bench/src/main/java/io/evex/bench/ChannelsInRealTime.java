package io.evex.bench;

import io.evex.runtime.Evex;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.ModelSettings;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.InputStatus;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How many 720p25 channels one machine keeps in real time with detection at 5 fps: each count runs
 * 10 s after a 3 s warm-up, and holds when the slowest channel read 97 % of its frames (both inputs
 * with a sub-stream) and made 97 % of its detections.
 */
final class ChannelsInRealTime {

    private static final int[] COUNTS = {4, 8, 12, 16, 20, 24, 28, 32};

    private final Path model;
    private final Path main;
    private final Path sub;

    ChannelsInRealTime(Path model, Path dir) throws Exception {
        this.model = model;
        this.main = video(dir.resolve("bench-detect-720p25.mp4"), "1280x720", "3M");
        this.sub = video(dir.resolve("bench-detect-360p25.mp4"), "640x360", "600k");
    }

    private static Path video(Path file, String size, String rate) throws Exception {
        if (!Files.exists(file)) {
            new ProcessBuilder(
                            "ffmpeg",
                            "-v",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=" + size + ":rate=25:d=20",
                            "-c:v",
                            "libx264",
                            "-b:v",
                            rate,
                            "-g",
                            "50",
                            "-pix_fmt",
                            "yuv420p",
                            file.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        return file;
    }

    /** Steps up the count until a step falls behind; prints each step and the best count. */
    void run(String label, boolean subStream, int batch) throws Exception {
        System.out.printf("  %s:%n", label);
        int best = 0;
        for (int n : COUNTS) {
            double[] r = slowest(n, subStream, batch);
            boolean ok = r[0] >= 25 * 0.97 && r[1] >= 5 * 0.97 && (!subStream || r[2] >= 25 * 0.97);
            System.out.printf(
                    "    %2d channels: slowest %s %.1f fps%s, detections %.2f/s, %.2f frames per run, CPU %.0f %% -> %s%n",
                    n,
                    subStream ? "main read" : "decode",
                    r[0],
                    subStream ? String.format(", sub-stream decode %.1f fps", r[2]) : "",
                    r[1],
                    r[3],
                    r[4],
                    ok ? "real time" : "falls behind");
            if (!ok) {
                break;
            }
            best = n;
        }
        System.out.printf("    channels kept in real time: %d%n", best);
    }

    /** {slowest main fps, slowest detections/s, slowest sub-stream fps, frames per run, CPU % of one core}. */
    private double[] slowest(int n, boolean subStream, int batch) throws Exception {
        List<ChannelSettings> channels = new ArrayList<>();
        ModelSettings m = ModelSettings.of(model).withBatch(batch);
        DetectorSettings d = new DetectorSettings(m, Set.of(), 0.4, 0.45, 5, 100);
        for (int i = 0; i < n; i++) {
            ChannelSettings c = ChannelSettings.of(
                            "cam" + i, main.toAbsolutePath().toString())
                    .withMotion(new MotionSettings(false, 0.5, 0.002, 1000, 10, 160))
                    .withStatistics(0)
                    .withCache(50, 0, 256)
                    .withObjects(ObjectSettings.NONE.withOnnx(d));
            channels.add(subStream ? c.withDetectInput(sub.toAbsolutePath().toString()) : c);
        }
        Evex evex = new Evex(
                        RuntimeConfig.empty().plusChannels(channels).withHttp(new HttpSettings(false, "127.0.0.1", 0)),
                        false)
                .start();
        double[] slowest = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, 0, 0};
        try {
            Thread.sleep(3_000);
            long[][] before = counts(evex);
            Number[] runs = runs();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(10_000);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long[][] after = counts(evex);
            for (int i = 0; i < n; i++) {
                slowest[0] = Math.min(slowest[0], (after[i][0] - before[i][0]) / elapsed);
                slowest[1] = Math.min(slowest[1], (after[i][1] - before[i][1]) / elapsed);
                slowest[2] = Math.min(slowest[2], (after[i][2] - before[i][2]) / elapsed);
            }
            Number[] runsAfter = runs();
            double r = runsAfter[0].doubleValue() - runs[0].doubleValue();
            slowest[3] = r == 0 ? 0 : (runsAfter[1].doubleValue() - runs[1].doubleValue()) / r;
            slowest[4] = (cpuNanos() - cpu0) / 1e9 / elapsed * 100;
        } finally {
            evex.close(30_000);
        }
        return slowest;
    }

    /** Per channel: main frames read, detections, sub-stream frames read. */
    private static long[][] counts(Evex evex) {
        List<Channel> all = evex.channels();
        long[][] c = new long[all.size()][3];
        for (int i = 0; i < all.size(); i++) {
            Channel ch = all.get(i);
            List<InputStatus> inputs = ch.inputs();
            c[i][0] = inputs.get(0).frames();
            var detect = ch.analysisStats().get("detect");
            c[i][1] = detect == null
                    ? 0
                    : detect.counters().getOrDefault("detections", 0).longValue();
            c[i][2] = inputs.size() > 1 ? inputs.get(1).frames() : 0;
        }
        return c;
    }

    /** The shared session's runs and pictures so far. */
    private static Number[] runs() {
        var open = io.evex.runtime.analysis.detect.SharedDetectors.open();
        if (open.isEmpty()) {
            return new Number[] {0, 0};
        }
        var counters = open.get(0).pool().counters();
        return new Number[] {counters.get("runs"), counters.get("pictures")};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
