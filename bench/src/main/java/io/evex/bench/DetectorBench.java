package io.evex.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.YoloxDetector;
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
        System.out.printf("Evex YoloxDetector     : %7.2f ms per frame (%.1f frames/s)%n", evex, 1000 / evex);
        System.out.printf("throughput ratio Evex / bare: %.2f%n", bare / evex);
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
        try (YoloxDetector d = new YoloxDetector(DetectorSettings.of(model))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                d.detect(image);
            }
            return (System.nanoTime() - t0) / 1e6 / runs;
        }
    }
}
