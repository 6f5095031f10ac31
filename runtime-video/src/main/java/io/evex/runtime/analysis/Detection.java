package io.evex.runtime.analysis;

/**
 * One object found in one frame: its box normalised to 0..1 ({@code l, t, w, h}, as every box in
 * Evex's events), its class and the detector's confidence.
 */
public record Detection(double l, double t, double w, double h, String label, double confidence) {

    public double cx() {
        return l + w / 2;
    }

    public double cy() {
        return t + h / 2;
    }

    /** Intersection over union with another box. */
    public static double iou(double l1, double t1, double w1, double h1, double l2, double t2, double w2, double h2) {
        double iw = Math.min(l1 + w1, l2 + w2) - Math.max(l1, l2);
        double ih = Math.min(t1 + h1, t2 + h2) - Math.max(t1, t2);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (w1 * h1 + w2 * h2 - inter);
    }
}
