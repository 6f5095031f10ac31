package io.evex.runtime.analysis.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a detector's outputs mean: recognised from their shapes (and names) after one run of the
 * model, or as the {@code format} setting says, and then read into candidate boxes in input
 * pixels. A model none of the {@link ModelFormat}s fits is refused with its outputs and the layouts
 * expected.
 */
final class DetectionLayout {

    private static final int[] STRIDES = {8, 16, 32};

    private final ModelFormat format;
    private final int classes;
    private final int width;
    private final int height;
    // END2END: which output holds what (-1 = none)
    private final int boxes;
    private final int scores;
    private final int labels;
    private final boolean centreBoxes;
    private int[][] grid; // YOLOX: per row, grid x, grid y, stride

    private DetectionLayout(
            ModelFormat format,
            int classes,
            int width,
            int height,
            int boxes,
            int scores,
            int labels,
            boolean centreBoxes) {
        this.format = format;
        this.classes = classes;
        this.width = width;
        this.height = height;
        this.boxes = boxes;
        this.scores = scores;
        this.labels = labels;
        this.centreBoxes = centreBoxes;
    }

    ModelFormat format() {
        return format;
    }

    /** Classes the model scores (0 when only labels are given: the class names say). */
    int classes() {
        return classes;
    }

    /** Grid cells of strides 8, 16 and 32 on a {@code width x height} input. */
    static int cells(int width, int height) {
        int n = 0;
        for (int s : STRIDES) {
            n += (width / s) * (height / s);
        }
        return n;
    }

    /**
     * The layout of outputs with these names and (actual, batch 1) shapes.
     *
     * @param forced the {@code format} setting, or null for auto
     * @throws DetectorException naming the outputs found and the layouts expected
     */
    static DetectionLayout recognise(
            ModelFormat forced, List<String> names, long[][] shapes, int width, int height, String file)
            throws DetectorException {
        DetectionLayout found = guess(names, shapes, width, height);
        if (found != null && (forced == null || forced == found.format)) {
            return found;
        }
        if (forced != null && shapes.length == 1 && shapes[0].length == 3) {
            DetectionLayout f = single(forced, shapes[0][1], shapes[0][2], width, height);
            if (f != null) {
                return f;
            }
        }
        StringBuilder outputs = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            outputs.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(Arrays.toString(shapes[i]));
        }
        throw new DetectorException(file + ": "
                + (forced == null
                        ? "no detector layout fits its outputs"
                        : "its outputs are not in the " + forced.key() + " layout")
                + " (" + outputs + ", input " + width + "x" + height + "); expected one of:\n"
                + ModelFormat.allExpected()
                + "\nset format: to say which");
    }

    private static DetectionLayout guess(List<String> names, long[][] shapes, int width, int height) {
        if (shapes.length == 1 && shapes[0].length == 3) {
            long a = shapes[0][1];
            long b = shapes[0][2];
            int cells = cells(width, height);
            ModelFormat f;
            if (a == cells && b >= 6) {
                f = ModelFormat.YOLOX;
            } else if (a == 3L * cells && b >= 6) {
                f = ModelFormat.YOLOV5;
            } else if (b == cells && a >= 5) {
                f = ModelFormat.YOLOV8;
            } else if (b >= 5 && a > b) {
                f = ModelFormat.END2END;
            } else {
                return null;
            }
            return single(f, a, b, width, height);
        }
        return multi(names, shapes, width, height);
    }

    /** A one-output layout with rows of {@code a x b}, or null when the sizes cannot be it. */
    private static DetectionLayout single(ModelFormat f, long a, long b, int width, int height) {
        boolean rows = a > b; // a row per box; YOLOv8 has a column per box instead
        return switch (f) {
            case YOLOX ->
                rows && b >= 6 && a == cells(width, height)
                        ? new DetectionLayout(f, (int) b - 5, width, height, 0, 0, -1, true)
                        : null;
            case YOLOV5 -> rows && b >= 6 ? new DetectionLayout(f, (int) b - 5, width, height, 0, 0, -1, true) : null;
            case YOLOV8 -> !rows && a >= 5 ? new DetectionLayout(f, (int) a - 4, width, height, 0, 0, -1, true) : null;
            case END2END ->
                !rows
                        ? null
                        : b == 6
                                ? new DetectionLayout(f, 0, width, height, 0, 0, 0, false)
                                : b > 4 ? new DetectionLayout(f, (int) b - 4, width, height, 0, 0, -1, true) : null;
        };
    }

    /** Boxes, scores and maybe labels as separate outputs of one length N. */
    private static DetectionLayout multi(List<String> names, long[][] shapes, int width, int height) {
        int boxes = -1;
        int scores = -1;
        int labels = -1;
        for (int i = 0; i < shapes.length; i++) {
            long[] s = shapes[i];
            String name = names.get(i).toLowerCase(Locale.ROOT);
            if (s.length == 3 && s[2] == 4 && boxes < 0) {
                boxes = i;
            } else if (s.length == 2 && (name.contains("label") || name.contains("class")) && labels < 0) {
                labels = i;
            } else if ((s.length == 3 || s.length == 2) && scores < 0 && !name.startsWith("num")) {
                scores = i;
            }
        }
        if (boxes < 0 || scores < 0 || shapes[boxes][1] != shapes[scores][1]) {
            return null;
        }
        if (shapes[scores].length == 2 && labels < 0) {
            return null;
        }
        int classes = shapes[scores].length == 3 ? (int) shapes[scores][2] : 0;
        return new DetectionLayout(ModelFormat.END2END, classes, width, height, boxes, scores, labels, false);
    }

    /**
     * Reads picture {@code index} of a run into {@code into}: boxes whose score reaches {@code
     * confidence}, in input pixels.
     */
    void candidates(OnnxModel.Result result, int index, float confidence, BoxList into) {
        into.clear();
        float[][] data = result.data();
        long[][] shapes = result.shapes();
        switch (format) {
            case YOLOX, YOLOV5 ->
                rows(data[0], per(shapes[0]) * index, (int) shapes[0][1], (int) shapes[0][2], confidence, into);
            case YOLOV8 -> columns(data[0], per(shapes[0]) * index, (int) shapes[0][2], confidence, into);
            case END2END -> endToEnd(data, shapes, index, confidence, into);
        }
    }

    private static int per(long[] shape) {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return (int) n;
    }

    /** YOLOX and YOLOv5: a row per anchor of box, objectness, class scores. */
    private void rows(float[] d, int at, int n, int stride, float confidence, BoxList into) {
        boolean yolox = format == ModelFormat.YOLOX;
        if (yolox && grid == null) {
            grid = grid(width, height);
        }
        for (int i = 0; i < n; i++) {
            int o = at + i * stride;
            float objectness = d[o + 4];
            if (objectness < confidence) {
                continue;
            }
            int best = 0;
            float bestScore = 0;
            for (int c = 5; c < stride; c++) {
                if (d[o + c] > bestScore) {
                    bestScore = d[o + c];
                    best = c - 5;
                }
            }
            float score = objectness * bestScore;
            if (score < confidence) {
                continue;
            }
            float cx = d[o];
            float cy = d[o + 1];
            float w = d[o + 2];
            float h = d[o + 3];
            if (yolox) {
                int[] g = grid[i];
                cx = (cx + g[0]) * g[2];
                cy = (cy + g[1]) * g[2];
                w = (float) Math.exp(w) * g[2];
                h = (float) Math.exp(h) * g[2];
            }
            into.add(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, best);
        }
    }

    /**
     * YOLOv8 and YOLO11: channels first, {@code [4+C, N]}, class scores without objectness. Read a
     * class row at a time (the memory in order), keeping each box's best class so far.
     */
    private void columns(float[] d, int at, int n, float confidence, BoxList into) {
        float[] bestScore = into.bestScores(n); // scratch of the caller's thread: no allocation per run
        int[] best = into.bestClasses(n);
        for (int c = 0; c < classes; c++) {
            int row = at + (4 + c) * n;
            for (int i = 0; i < n; i++) {
                float s = d[row + i];
                if (s > bestScore[i]) {
                    bestScore[i] = s;
                    best[i] = c;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (bestScore[i] < confidence) {
                continue;
            }
            float cx = d[at + i];
            float cy = d[at + n + i];
            float w = d[at + 2 * n + i];
            float h = d[at + 3 * n + i];
            into.add(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, bestScore[i], best[i]);
        }
    }

    /** Boxes and scores given by the model: normalised or in pixels, scores as probabilities or logits. */
    private void endToEnd(float[][] data, long[][] shapes, int index, float confidence, BoxList into) {
        float[] b = data[boxes];
        int n = (int) shapes[boxes][1];
        int boxStride = (int) shapes[boxes][2];
        int bAt = per(shapes[boxes]) * index;
        float[] s = data[scores];
        int sStride = shapes[scores].length == 3 ? (int) shapes[scores][2] : 1;
        int sAt = per(shapes[scores]) * index;
        boolean together = boxes == scores; // one output: [N, 6] or [N, 4+C]
        int firstScore = together ? 4 : 0;
        int scoreCount = together ? (labels == 0 ? 1 : boxStride - 4) : sStride;
        float[] l = labels >= 0 && !together ? data[labels] : null;
        int lAt = l == null ? 0 : per(shapes[labels]) * index;
        float largest = 0;
        boolean logits = false;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                largest = Math.max(largest, Math.abs(b[bAt + i * boxStride + k]));
            }
            for (int c = 0; c < scoreCount; c++) {
                float v = together ? b[bAt + i * boxStride + firstScore + c] : s[sAt + i * sStride + c];
                logits |= v < 0 || v > 1;
            }
        }
        float scaleX = largest <= 1.5f ? width : 1;
        float scaleY = largest <= 1.5f ? height : 1;
        for (int i = 0; i < n; i++) {
            int o = bAt + i * boxStride;
            int best = 0;
            float score = -Float.MAX_VALUE;
            for (int c = 0; c < scoreCount; c++) {
                float v = together ? b[o + firstScore + c] : s[sAt + i * sStride + c];
                if (v > score) {
                    score = v;
                    best = c;
                }
            }
            if (logits) {
                score = (float) (1 / (1 + Math.exp(-score)));
            }
            if (score < confidence) {
                continue;
            }
            int cls = together && labels == 0 ? (int) b[o + 5] : l != null ? (int) l[lAt + i] : best;
            float x1 = b[o] * scaleX;
            float y1 = b[o + 1] * scaleY;
            float x2 = b[o + 2] * scaleX;
            float y2 = b[o + 3] * scaleY;
            if (centreBoxes) {
                into.add(x1 - x2 / 2, y1 - y2 / 2, x1 + x2 / 2, y1 + y2 / 2, score, cls);
            } else {
                into.add(x1, y1, x2, y2, score, cls);
            }
        }
    }

    /** YOLOX's rows: grid x, grid y and stride of each cell, strides 8, 16, 32, row by row. */
    private static int[][] grid(int width, int height) {
        int[][] g = new int[cells(width, height)][];
        int i = 0;
        for (int stride : STRIDES) {
            for (int y = 0; y < height / stride; y++) {
                for (int x = 0; x < width / stride; x++) {
                    g[i++] = new int[] {x, y, stride};
                }
            }
        }
        return g;
    }
}
