package io.evex.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.ModelInput;
import io.evex.runtime.analysis.detect.OnnxDetector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The detector, three ways. (1) Per layout (YOLOX and the YOLOv5, YOLOv8, end-to-end and NMS-inside
 * models the tests build from it), Evex's detector against a bare ONNX Runtime loop on the same
 * model: the bare loop runs the session on a ready tensor and copies every output out, as any
 * caller must; Evex also fits the picture into the tensor and decodes, filters and merges the
 * boxes. (2) The classify stage's cost per picture. (3) 720p25 channels detecting at 5 fps on one
 * shared session: the main stream decoded and analysed, against a 640x360 sub-stream analysed while
 * the 720p main stream is only read (and would be recorded), with batching on and off.
 */
final class DetectorBench {

    private static final List<String> LAYOUTS = List.of("yolov5", "yolov8", "end2end", "nms");

    private final Path model;
    private final int runs;
    private final Path out = Path.of("target", "bench-out");

    DetectorBench(Path model, int runs) {
        this.model = model;
        this.runs = runs;
    }

    void all() throws Exception {
        if (!Files.isRegularFile(model)) {
            System.out.println("no model at " + model.toAbsolutePath() + ": give --model FILE (a YOLOX .onnx)");
            return;
        }
        Files.createDirectories(out);
        Path models = models();
        System.out.printf("Detector benchmark: %s, %d inferences per run, median of 3 runs, 1 thread%n%n", model, runs);
        System.out.println("layout     bare ORT ms   Evex ms   Evex/bare throughput");
        layout("yolox", model);
        if (models != null) {
            for (String l : LAYOUTS) {
                layout(l, models.resolve(l + ".onnx"));
            }
            classify(models.resolve("colours.onnx"));
        }
        if (Boolean.getBoolean("evex.bench.layoutsOnly")) {
            return;
        }
        Path batched = models == null ? model : models.resolve("batched.onnx");
        ChannelsInRealTime channels = new ChannelsInRealTime(batched, out);
        System.out.printf(
                "%n720p25 channels, detection at 5 fps on one shared session (%s), motion off:%n",
                batched.getFileName());
        channels.run("main stream decoded and analysed, batching on ", false, 8);
        channels.run("main stream decoded and analysed, batching off", false, 1);
        channels.run("640x360 sub-stream analysed, 720p read, batching on ", true, 8);
        channels.run("640x360 sub-stream analysed, 720p read, batching off", true, 1);
    }

    /** The test models of the other layouts, built with Debian's python3-onnx; null (said) when it is missing. */
    private Path models() throws Exception {
        Path dir = out.resolve("models");
        Path script = Path.of(System.getProperty("evex.root", ".."))
                .resolve("runtime-video/src/test/resources/models/make_models.py");
        if (Files.isRegularFile(dir.resolve("colours.onnx"))) {
            return dir;
        }
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        model.toAbsolutePath().toString(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            System.out.println("(the other layouts need python3-onnx: " + said.strip() + ")");
            return null;
        }
        return dir;
    }

    private void layout(String name, Path file) throws Exception {
        try (OnnxDetector d = new OnnxDetector(DetectorSettings.of(file))) {
            ModelInput input = d.model().input();
            int[] s = input.scaled(1280, 720);
            byte[] pixels = new byte[s[0] * s[1] * 3];
            new Random(1).nextBytes(pixels);
            BgrImage image = new BgrImage(pixels, s[0], s[1]);
            double bare = median(() -> bare(file, input.width(), input.height()));
            double evex = median(() -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    d.detect(image);
                }
                return (System.nanoTime() - t0) / 1e6 / runs;
            });
            System.out.printf("%-9s %9.2f %10.2f %12.2f%n", name, bare, evex, bare / evex);
        }
    }

    /** Runs the session on a ready tensor and copies every output out, {@link #runs} times: ms per run. */
    private double bare(Path file, int width, int height) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession session = env.createSession(file.toString(), options)) {
            FloatBuffer data = ByteBuffer.allocateDirect(3 * width * height * 4)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, 114f / 255);
            }
            Map<String, OnnxTensor> feed = new HashMap<>();
            for (var in : session.getInputInfo().entrySet()) {
                long[] shape = ((ai.onnxruntime.TensorInfo) in.getValue().getInfo()).getShape();
                feed.put(
                        in.getKey(),
                        shape.length == 4
                                ? OnnxTensor.createTensor(env, data, new long[] {1, 3, height, width})
                                : OnnxTensor.createTensor(
                                        env, java.nio.LongBuffer.wrap(new long[] {width, height}), new long[] {1, 2}));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                try (OrtSession.Result r = session.run(feed)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT) {
                            t.getFloatBuffer(); // every caller copies the outputs out
                        } else {
                            t.getLongBuffer();
                        }
                    }
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6 / runs;
            feed.values().forEach(OnnxTensor::close);
            return ms;
        }
    }

    /** The classify stage's work per picture: cut from a 1280x720 frame, scale to the input, run, softmax. */
    private void classify(Path file) throws Exception {
        var settings = new io.evex.runtime.analysis.classify.ClassifySettings(
                "colour", io.evex.runtime.analysis.detect.ModelSettings.of(file), java.util.Set.of(), 0, 0);
        try (var c = new io.evex.runtime.analysis.classify.Classifier(settings)) {
            byte[] pixels = new byte[1280 * 720 * 3];
            new Random(2).nextBytes(pixels);
            BgrImage frame = new BgrImage(pixels, 1280, 720);
            double ms = median(() -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < runs * 5; i++) {
                    c.classify(io.evex.runtime.analysis.classify.PictureCut.cut(
                            frame, 0.4, 0.2, 0.1, 0.5, c.width(), c.height()));
                }
                return (System.nanoTime() - t0) / 1e6 / (runs * 5);
            });
            System.out.printf(
                    "%nclassify, per picture (a 128x360 box of a 720p frame, cut, scaled to %dx%d, %s): %.3f ms%n",
                    c.width(), c.height(), file.getFileName(), ms);
        }
    }

    interface Run {
        double millisPerFrame() throws Exception;
    }

    static double median(Run run) throws Exception {
        run.millisPerFrame(); // warm-up
        double[] r = {run.millisPerFrame(), run.millisPerFrame(), run.millisPerFrame()};
        java.util.Arrays.sort(r);
        return r[1];
    }
}
