package io.evex.runtime.analysis.track;

import java.util.Arrays;

/**
 * Optimal assignment of rows to columns for a rectangular cost matrix (the Hungarian method with
 * potentials, O(n²m)), leaving unpaired any pair whose cost is above a limit — the matching step of
 * a tracker: rows are tracks, columns detections, cost 1 − IoU.
 */
final class Assignment {

    private Assignment() {}

    /**
     * @return for each row the column it gets, or -1
     */
    static int[] solve(double[][] cost, double limit) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        // The method wants rows <= columns: pad the matrix square with "no pair" costs above the limit.
        int n = Math.max(rows, cols);
        double big = limit + 1;
        double[][] a = new double[n + 1][n + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                double c = i <= rows && j <= cols ? cost[i - 1][j - 1] : big;
                a[i][j] = Math.min(c, big);
            }
        }
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1]; // p[j]: the row matched to column j
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = a[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= n; j++) {
            int i = p[j];
            if (i >= 1 && i <= rows && j <= cols && cost[i - 1][j - 1] <= limit) {
                result[i - 1] = j - 1;
            }
        }
        return result;
    }
}
