package io.evex.runtime.analysis.detect;

import java.util.Arrays;

/**
 * Candidate boxes of one picture, in input pixels: {@code x1, y1, x2, y2, score, class} each, in
 * one growing array reused from run to run (a model gives thousands of rows per picture).
 */
final class BoxList {

    static final int FIELDS = 6;

    private float[] data = new float[FIELDS * 64];
    private int size;

    private float[] bestScores = new float[0];
    private int[] bestClasses = new int[0];

    /** A layout's per-row best score so far, zeroed, at least {@code n} long (reused from run to run). */
    float[] bestScores(int n) {
        if (bestScores.length < n) {
            bestScores = new float[n];
            bestClasses = new int[n];
        } else {
            java.util.Arrays.fill(bestScores, 0, n, 0f);
        }
        return bestScores;
    }

    /** The class of each row's best score, beside {@link #bestScores}. */
    int[] bestClasses(int n) {
        java.util.Arrays.fill(bestClasses, 0, n, 0);
        return bestClasses;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    void add(float x1, float y1, float x2, float y2, float score, int cls) {
        if ((size + 1) * FIELDS > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        int o = size * FIELDS;
        data[o] = x1;
        data[o + 1] = y1;
        data[o + 2] = x2;
        data[o + 3] = y2;
        data[o + 4] = score;
        data[o + 5] = cls;
        size++;
    }

    float get(int box, int field) {
        return data[box * FIELDS + field];
    }

    /** Box indices, best score first. */
    Integer[] byScore() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(data[b * FIELDS + 4], data[a * FIELDS + 4]));
        return order;
    }

    /** Overlap of two boxes (intersection over union). */
    float iou(int a, int b) {
        int i = a * FIELDS;
        int j = b * FIELDS;
        float iw = Math.min(data[i + 2], data[j + 2]) - Math.max(data[i], data[j]);
        float ih = Math.min(data[i + 3], data[j + 3]) - Math.max(data[i + 1], data[j + 1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        float inter = iw * ih;
        float areaA = (data[i + 2] - data[i]) * (data[i + 3] - data[i + 1]);
        float areaB = (data[j + 2] - data[j]) * (data[j + 3] - data[j + 1]);
        return inter / (areaA + areaB - inter);
    }
}
