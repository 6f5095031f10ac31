package io.evex.runtime.analysis.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Object detection with a YOLOX model on ONNX Runtime (CPU). Input: the frame scaled with its aspect
 * kept onto a square canvas of grey 114 (letterbox), BGR, 0..255, channels first. Output per grid
 * cell of the three strides (8, 16, 32): raw centre offsets and log sizes, objectness and class
 * scores (already through a sigmoid); a box's score is objectness x class score. Boxes below the
 * confidence, or of classes not asked for, are dropped; overlapping boxes of one class go through
 * non-maximum suppression. Boxes come back normalised to the frame. One instance per channel.
 */
public final class YoloxDetector implements AutoCloseable {

    private static final int[] STRIDES = {8, 16, 32};
    private static final float PAD = 114f;

    private final DetectorSettings settings;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private final int size;
    private final float[] input;
    private final int[][] grid; // per anchor: grid x, grid y, stride

    /**
     * @throws DetectorException when the model file is missing or is not a YOLOX-shaped model
     */
    public YoloxDetector(DetectorSettings settings) throws DetectorException {
        this.settings = settings;
        Path model = settings.model();
        if (!Files.isRegularFile(model)) {
            throw new DetectorException("model file " + model + " does not exist");
        }
        this.size = settings.inputSize();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(settings.threads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model.toString(), options);
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new DetectorException("cannot load " + model + " with ONNX Runtime: " + e.getMessage());
        }
        this.input = new float[3 * size * size];
        List<int[]> anchors = new ArrayList<>();
        for (int stride : STRIDES) {
            int cells = size / stride;
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    anchors.add(new int[] {x, y, stride});
                }
            }
        }
        this.grid = anchors.toArray(int[][]::new);
    }

    /** Detects in a frame: scales it once (in FFmpeg for decoded video) to the letterbox's inner size. */
    public List<Detection> detect(AnalysisFrame frame) throws DetectorException {
        double ratio = Math.min((double) size / frame.width(), (double) size / frame.height());
        int w = Math.max(1, (int) Math.round(frame.width() * ratio));
        int h = Math.max(1, (int) Math.round(frame.height() * ratio));
        return detect(frame.bgr(w, h));
    }

    /**
     * Detects in an image already no larger than the input size (its longer side = the input size for
     * best results); boxes are normalised to the image.
     */
    public List<Detection> detect(BgrImage image) throws DetectorException {
        int w = Math.min(image.width(), size);
        int h = Math.min(image.height(), size);
        fill(image, w, h);
        float[][] out;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, size, size});
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            out = ((float[][][]) result.get(0).getValue())[0];
        } catch (OrtException | ClassCastException e) {
            throw new DetectorException("the model's run failed: " + e.getMessage());
        }
        if (out.length != grid.length || out[0].length < 6) {
            throw new DetectorException("the model's output is " + out.length + "x" + out[0].length + ", expected "
                    + grid.length + " rows of box, objectness and class scores (a YOLOX model at " + size + ")");
        }
        return decode(out, w, h);
    }

    /** Letterbox: the image top-left, grey 114 elsewhere, BGR planes in the channel-first layout. */
    private void fill(BgrImage image, int w, int h) {
        Arrays.fill(input, PAD);
        byte[] px = image.pixels();
        int plane = size * size;
        for (int y = 0; y < h; y++) {
            int row = y * image.width() * 3;
            int at = y * size;
            for (int x = 0; x < w; x++) {
                int o = row + x * 3;
                input[at + x] = px[o] & 0xff;
                input[plane + at + x] = px[o + 1] & 0xff;
                input[2 * plane + at + x] = px[o + 2] & 0xff;
            }
        }
    }

    private List<Detection> decode(float[][] out, int w, int h) {
        return suppress(candidates(out), w, h);
    }

    /** The model's rows above the confidence, as boxes in input pixels: x1, y1, x2, y2, score, class. */
    private List<float[]> candidates(float[][] out) {
        List<String> names = settings.classNames();
        Set<String> wanted = settings.classes();
        double confidence = settings.confidence();
        List<float[]> boxes = new ArrayList<>(); // x1, y1, x2, y2, score, class
        for (int i = 0; i < out.length; i++) {
            float[] r = out[i];
            float objectness = r[4];
            if (objectness < confidence) {
                continue;
            }
            int best = 0;
            float bestScore = 0;
            for (int c = 5; c < r.length; c++) {
                if (r[c] > bestScore) {
                    bestScore = r[c];
                    best = c - 5;
                }
            }
            float score = objectness * bestScore;
            if (score < confidence) {
                continue;
            }
            String label = best < names.size() ? names.get(best) : "class-" + best;
            if (!wanted.isEmpty() && !wanted.contains(label)) {
                continue;
            }
            int[] g = grid[i];
            float cx = (r[0] + g[0]) * g[2];
            float cy = (r[1] + g[1]) * g[2];
            float bw = (float) Math.exp(r[2]) * g[2];
            float bh = (float) Math.exp(r[3]) * g[2];
            boxes.add(new float[] {cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, score, best});
        }
        return boxes;
    }

    /** Non-maximum suppression per class, best first, then the boxes normalised to the frame. */
    private List<Detection> suppress(List<float[]> boxes, int w, int h) {
        List<String> names = settings.classNames();
        boxes.sort(Comparator.comparingDouble((float[] b) -> b[4]).reversed());
        List<Detection> kept = new ArrayList<>();
        List<float[]> keptBoxes = new ArrayList<>();
        for (float[] b : boxes) {
            boolean suppressed = false;
            for (float[] k : keptBoxes) {
                if (k[5] == b[5] && iou(k, b) > settings.nmsIou()) {
                    suppressed = true;
                    break;
                }
            }
            if (suppressed) {
                continue;
            }
            keptBoxes.add(b);
            double l = clamp(b[0] / w);
            double t = clamp(b[1] / h);
            double r = clamp(b[2] / w);
            double bottom = clamp(b[3] / h);
            if (r > l && bottom > t) {
                int cls = (int) b[5];
                kept.add(new Detection(
                        l, t, r - l, bottom - t, cls < names.size() ? names.get(cls) : "class-" + cls, b[4]));
            }
            if (kept.size() >= settings.maxObjects()) {
                break;
            }
        }
        return Collections.unmodifiableList(kept);
    }

    private static float iou(float[] a, float[] b) {
        float iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        float ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float inter = iw * ih;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to free
        }
    }
}
