package io.evex.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.OnnxDetector;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The detector against a bare ONNX Runtime loop on the same model and input, in the same run: the
 * bare loop only runs the session on a ready tensor; Evex's detector also letterboxes the picture
 * into the tensor and decodes, filters and merges the boxes. Their ratio is what pre- and
 * post-processing cost. One thread each, like a channel.
 */
final class DetectorBench {

    private final Path model;
    private final int runs;

    DetectorBench(Path model, int runs) {
        this.model = model;
        this.runs = runs;
    }

    void all() throws Exception {
        if (!Files.isRegularFile(model)) {
            System.out.println("no model at " + model.toAbsolutePath() + ": give --model FILE (a YOLOX .onnx)");
            return;
        }
        int size = 416;
        byte[] pixels = new byte[size * 234 * 3]; // a 16:9 frame scaled to the input's width
        new Random(1).nextBytes(pixels);
        BgrImage image = new BgrImage(pixels, size, 234);
        System.out.printf("Detector benchmark: %s, %d inferences per run, median of 3 runs, 1 thread%n%n", model, runs);
        double bare = median(() -> bare(size));
        double evex = median(() -> evex(image));
        System.out.printf("bare ONNX Runtime loop : %7.2f ms per frame (%.1f frames/s)%n", bare, 1000 / bare);
        System.out.printf("Evex OnnxDetector      : %7.2f ms per frame (%.1f frames/s)%n", evex, 1000 / evex);
        System.out.printf("throughput ratio Evex / bare: %.2f%n", bare / evex);
        channelsInRealTime();
    }

    /**
     * 720p25 channels, each decoding in real time and detecting at 5 fps on its own worker: how many
     * keep both (decode >= 97 % of 25 fps, detections >= 97 % of 5 a second) over 10 s after 3 s.
     */
    private void channelsInRealTime() throws Exception {
        Path input = Path.of("target", "bench-out", "bench-detect-720p25.mp4");
        if (!Files.exists(input)) {
            new ProcessBuilder(
                            "ffmpeg",
                            "-v",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=1280x720:rate=25:d=20",
                            "-c:v",
                            "libx264",
                            "-b:v",
                            "3M",
                            "-g",
                            "50",
                            "-pix_fmt",
                            "yuv420p",
                            input.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        System.out.printf("%n720p25 channels with detection at 5 fps (motion off), each on its own detector thread:%n");
        int best = 0;
        for (int n : new int[] {1, 4, 8, 12, 16, 20, 24, 28}) {
            double[] slowest = slowest(input, n);
            boolean ok = slowest[0] >= 25 * 0.97 && slowest[1] >= 5 * 0.97;
            System.out.printf(
                    "  %2d channels: slowest decode %.1f fps, slowest detection %.2f/s -> %s%n",
                    n, slowest[0], slowest[1], ok ? "real time" : "falls behind");
            if (!ok) {
                break;
            }
            best = n;
        }
        System.out.printf("channels kept in real time with detection: %d%n", best);
    }

    /** Runs {@code n} channels of {@code input} for 10 s after a 3 s warm-up: the slowest decode fps and detections/s. */
    private double[] slowest(Path input, int n) throws Exception {
        java.util.List<io.evex.runtime.channel.ChannelSettings> channels = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            channels.add(io.evex.runtime.channel.ChannelSettings.of(
                            "cam" + i, input.toAbsolutePath().toString())
                    .withMotion(new io.evex.runtime.analysis.motion.MotionSettings(false, 0.5, 0.002, 1000, 10, 160))
                    .withStatistics(0)
                    .withCache(50, 0, 256)
                    .withObjects(io.evex.runtime.channel.ObjectSettings.NONE.withOnnx(DetectorSettings.of(model))));
        }
        io.evex.runtime.Evex evex = new io.evex.runtime.Evex(
                        io.evex.runtime.config.RuntimeConfig.empty()
                                .plusChannels(channels)
                                .withHttp(new io.evex.runtime.http.HttpSettings(false, "127.0.0.1", 0)),
                        false)
                .start();
        double slowestDecode = Double.MAX_VALUE;
        double slowestDetect = Double.MAX_VALUE;
        try {
            Thread.sleep(3_000);
            long[] frames = new long[n];
            long[] detections = new long[n];
            for (int i = 0; i < n; i++) {
                frames[i] = evex.channels().get(i).framesDecoded();
                detections[i] = detections(evex.channels().get(i));
            }
            long t0 = System.nanoTime();
            Thread.sleep(10_000);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < n; i++) {
                var c = evex.channels().get(i);
                slowestDecode = Math.min(slowestDecode, (c.framesDecoded() - frames[i]) / elapsed);
                slowestDetect = Math.min(slowestDetect, (detections(c) - detections[i]) / elapsed);
            }
        } finally {
            evex.close(30_000);
        }
        return new double[] {slowestDecode, slowestDetect};
    }

    private static long detections(io.evex.runtime.channel.Channel c) {
        var tracking = c.analysisStats().get("detect");
        return tracking == null
                ? 0
                : tracking.counters().getOrDefault("detections", 0).longValue();
    }

    private interface Run {
        double millisPerFrame() throws Exception;
    }

    private static double median(Run run) throws Exception {
        run.millisPerFrame(); // warm-up
        double[] r = {run.millisPerFrame(), run.millisPerFrame(), run.millisPerFrame()};
        java.util.Arrays.sort(r);
        return r[1];
    }

    private double bare(int size) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession session = env.createSession(model.toString(), options)) {
            String input = session.getInputNames().iterator().next();
            float[] data = new float[3 * size * size];
            java.util.Arrays.fill(data, 114f);
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                try (OnnxTensor t =
                                OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {1, 3, size, size});
                        OrtSession.Result r = session.run(Map.of(input, t))) {
                    r.get(0).getValue(); // a loop that reads what the model says
                }
            }
            return (System.nanoTime() - t0) / 1e6 / runs;
        }
    }

    private double evex(BgrImage image) throws Exception {
        try (OnnxDetector d = new OnnxDetector(DetectorSettings.of(model))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                d.detect(image);
            }
            return (System.nanoTime() - t0) / 1e6 / runs;
        }
    }
}
