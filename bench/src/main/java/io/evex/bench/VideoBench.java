package io.evex.bench;

import io.evex.runtime.Evex;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * The video benchmark of issue 4, on a 720p25 H.264 file: CPU seconds per second of video for
 * decode+motion, decode+re-encode to MP4 and pass-through MP4, each next to the FFmpeg CLI doing
 * the same work on the same file in the same run, and how many 720p25 channels with motion
 * detection this machine keeps in real time.
 *
 * <p>The CLI is the {@code ffmpeg} program shipped in the same JavaCPP FFmpeg build Evex uses (same
 * version, same decoder, same libopenh264), run single-threaded as Evex's channels are.
 */
final class VideoBench {

    private static final double SECONDS = 60;

    private final Path dir;
    private final int runs;
    private final String ffmpeg;
    private Path input;

    VideoBench(Path dir, int runs) throws Exception {
        this.dir = dir;
        this.runs = runs;
        this.ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }

    /** The 720p25 H.264 input, made once (x264 Main from the Debian CLI if present). */
    Path input() throws Exception {
        if (input != null) {
            return input;
        }
        input = dir.resolve("bench-720p25.mp4");
        if (!Files.exists(input)) {
            System.out.println("making a " + (int) SECONDS
                    + " s 720p25 H.264 input (x264 Main from the Debian CLI if present) ...");
            boolean debian = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
            cli(
                    debian ? "/usr/bin/ffmpeg" : ffmpeg,
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=1280x720:rate=25:d=" + (int) SECONDS,
                    "-c:v",
                    debian ? "libx264" : "libopenh264",
                    "-b:v",
                    "3M",
                    "-g",
                    "50",
                    input.toString());
        }
        return input;
    }

    void all() throws Exception {
        input();
        System.out.printf(
                "Evex video benchmark: %s, %d cores, median of %d runs, CPU seconds per second of video%n%n",
                input.getFileName(), Runtime.getRuntime().availableProcessors(), runs);
        compare(
                "decode + motion (10 fps analysed)",
                this::evexMotion,
                "ffmpeg -threads 1 -i IN -f null - (decode)",
                () -> cliCpu("-threads", "1", "-i", input.toString(), "-f", "null", "-"));
        compare(
                "decode + motion, no frame cache",
                this::evexMotionNoCache,
                "ffmpeg -threads 1 -i IN -f null - (decode)",
                () -> cliCpu("-threads", "1", "-i", input.toString(), "-f", "null", "-"));
        compare(
                "decode + re-encode to MP4 (libopenh264)",
                this::evexReencode,
                "ffmpeg -threads 1 -i IN -c:v libopenh264 OUT.mp4",
                () -> cliCpu(
                        "-threads",
                        "1",
                        "-i",
                        input.toString(),
                        "-c:v",
                        "libopenh264",
                        "-b:v",
                        "2304k",
                        "-g",
                        "25",
                        "-threads",
                        "1",
                        dir.resolve("cli-reencode.mp4").toString()));
        compare(
                "pass-through MP4 (no decode)",
                this::evexPassThrough,
                "ffmpeg -i IN -c copy OUT.mp4",
                () -> cliCpu(
                        "-i",
                        input.toString(),
                        "-c",
                        "copy",
                        dir.resolve("cli-copy.mp4").toString()));
        cacheMemory();
        System.out.println();
        channelsInRealTime();
    }

    private interface Measure {
        double cpuSeconds() throws Exception;
    }

    private void compare(String ours, Measure evex, String theirs, Measure cli) throws Exception {
        double e = median(evex);
        double c = median(cli);
        System.out.printf("%-42s %.4f   | %-52s %.4f   | ratio %.2f%n", ours, e / SECONDS, theirs, c / SECONDS, e / c);
    }

    private double median(Measure m) throws Exception {
        m.cpuSeconds(); // warm-up
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = m.cpuSeconds();
        }
        Arrays.sort(values);
        return values[runs / 2];
    }

    private double evexMotion() throws Exception {
        ChannelSettings c = fileOnce();
        return evexCpu(c);
    }

    /** Memory of the default frame cache on this input: its compressed packets at their peak, plus one decoded frame. */
    private void cacheMemory() throws Exception {
        ChannelSettings c = fileOnce();
        RuntimeConfig config =
                RuntimeConfig.empty().plusChannels(List.of(c)).withHttp(new HttpSettings(false, "127.0.0.1", 0));
        Evex evex = new Evex(config, false).start();
        try {
            Channel channel = evex.channels().get(0);
            channel.await(600_000);
            double packets = channel.cache().peakBytes() / 1048576.0;
            double frame = 1280 * 720 * 1.5 / 1048576.0;
            System.out.printf(
                    "frame cache (default %d frames) per 720p channel: %.1f MiB of packets + %.1f MiB for the latest decoded frame%n",
                    c.cacheFrames(), packets, frame);
        } finally {
            evex.close(60_000);
        }
    }

    private double evexMotionNoCache() throws Exception {
        return evexCpu(fileOnce().withCache(0, 0, 0));
    }

    private double evexReencode() throws Exception {
        ChannelSettings c = fileOnce().withMotion(off()).withCache(0, 0, 0);
        return evexCpu(c, "mp4:path=" + dir.resolve("evex-reencode.mp4") + ",segment_seconds=0,width=1280");
    }

    private double evexPassThrough() throws Exception {
        ChannelSettings c = fileOnce().withMotion(off()).withCache(0, 0, 0);
        return evexCpu(c, "mp4:path=" + dir.resolve("evex-copy.mp4") + ",segment_seconds=0");
    }

    /** The benchmark input as a channel read once, as fast as it decodes, without statistics events. */
    ChannelSettings fileOnce() {
        return ChannelSettings.of("bench", input.toString())
                .withLoop(false)
                .withRealtime(false)
                .withStatistics(0);
    }

    static MotionSettings off() {
        MotionSettings d = MotionSettings.DEFAULT;
        return new MotionSettings(false, d.sensitivity(), d.minArea(), d.cooldownMs(), d.fps(), d.width());
    }

    /** Process CPU time of one Evex run of the channel to its end (JIT and GC included). */
    double evexCpu(ChannelSettings channel, String... exports) throws Exception {
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(List.of(channel))
                .plus(List.of(), List.of(), ExportOption.parseAll(List.of(exports), List.of()))
                .withHttp(new HttpSettings(false, "127.0.0.1", 0));
        // Runtime start-up (plugins, schemas) is not per-video work: count from the channels' start.
        Evex evex = new Evex(config, false).start();
        long before = processCpuNanos();
        try {
            for (Channel c : evex.channels()) {
                c.await(600_000);
            }
        } finally {
            evex.close(60_000);
        }
        return (processCpuNanos() - before) / 1e9;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Runs the bundled ffmpeg and returns its user + system CPU seconds (from the shell's {@code times}). */
    double cliCpu(String... args) throws Exception {
        StringBuilder command = new StringBuilder("'" + ffmpeg + "' -nostdin -v error -y");
        for (String a : args) {
            command.append(" '").append(a).append("'");
        }
        command.append(" >/dev/null 2>&1 </dev/null; status=$?; times; exit $status");
        Process p = new ProcessBuilder("bash", "-c", command.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + command);
        }
        String[] lines = out.trim().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        return seconds(children[0]) + seconds(children[1]);
    }

    private static double seconds(String bashTime) {
        int m = bashTime.indexOf('m');
        return Double.parseDouble(bashTime.substring(0, m)) * 60
                + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
    }

    private void cli(String program, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program, "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    /** Adds channels in steps until one falls behind real time; each step is measured over 10 s after 3 s of warm-up. */
    private void channelsInRealTime() throws Exception {
        System.out.println(
                "720p25 channels with motion detection in real time (each must decode >= 97% of 25 fps over 10 s):");
        int best = 0;
        for (int n : new int[] {8, 16, 24, 32, 40, 48}) {
            List<ChannelSettings> channels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                channels.add(ChannelSettings.of("cam" + i, input.toString())
                        .withStatistics(0)
                        .withCache(50, 0, 256));
            }
            RuntimeConfig config =
                    RuntimeConfig.empty().plusChannels(channels).withHttp(new HttpSettings(false, "127.0.0.1", 0));
            Evex evex = new Evex(config, false).start();
            double slowest;
            double cpu;
            try {
                Thread.sleep(3_000);
                long[] before = evex.channels().stream()
                        .mapToLong(Channel::framesDecoded)
                        .toArray();
                long cpuBefore = processCpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep(10_000);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                cpu = (processCpuNanos() - cpuBefore) / 1e9 / elapsed;
                slowest = Double.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    slowest = Math.min(slowest, (evex.channels().get(i).framesDecoded() - before[i]) / elapsed);
                }
            } finally {
                evex.close(30_000);
            }
            boolean ok = slowest >= 25 * 0.97;
            System.out.printf(
                    "  %2d channels: slowest %.1f fps, %.2f cores busy -> %s%n",
                    n, slowest, cpu, ok ? "real time" : "falls behind");
            if (!ok) {
                break;
            }
            best = n;
        }
        System.out.printf("channels kept in real time: %d%n", best);
    }
}
