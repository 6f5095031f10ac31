package io.evex.runtime.analysis.rules;

import java.util.List;

/** A closed polygon in normalised image coordinates. */
public record Polygon(double[] xs, double[] ys) {

    /** From {@code [[x, y], ...]}; at least three corners. */
    public static Polygon of(List<double[]> points) {
        if (points.size() < 3) {
            throw new IllegalArgumentException("a zone needs at least 3 points, got " + points.size());
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            if (p.length != 2 || p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) {
                throw new IllegalArgumentException("point " + (i + 1) + " is not [x, y] within 0..1");
            }
            xs[i] = p[0];
            ys[i] = p[1];
        }
        return new Polygon(xs, ys);
    }

    /** Equal corners: a value, as two zones read from equal configurations are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon p && java.util.Arrays.equals(xs, p.xs) && java.util.Arrays.equals(ys, p.ys);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(xs) + java.util.Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
        return "Polygon" + java.util.Arrays.toString(xs) + java.util.Arrays.toString(ys);
    }

    /** Even-odd ray casting. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** Distance from a point to the nearest edge (normalised units). */
    public double distanceToEdge(double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            double dx = xs[i] - xs[j];
            double dy = ys[i] - ys[j];
            double len2 = dx * dx + dy * dy;
            double u = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - xs[j]) * dx + (y - ys[j]) * dy) / len2));
            best = Math.min(best, Math.hypot(x - (xs[j] + u * dx), y - (ys[j] + u * dy)));
        }
        return best;
    }
}
