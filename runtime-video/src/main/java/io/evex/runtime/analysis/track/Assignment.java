package io.evex.runtime.analysis.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Optimal assignment of rows to columns for a rectangular cost matrix (the Hungarian method with
 * potentials, O(n²m)), leaving unpaired any pair whose cost is above a limit — the matching step of
 * a tracker: rows are tracks, columns detections, cost 1 − IoU.
 */
final class Assignment {

    private Assignment() {}

    /**
     * Solves each group of rows and columns linked by pairs within the limit on its own: in a scene
     * of many objects most boxes overlap few others, so instead of one n³ problem there are many
     * tiny ones (500 objects: 20 ms a frame as one problem, well under 1 ms in groups).
     *
     * @return for each row the column it gets, or -1
     */
    static int[] solve(double[][] cost, double limit) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        // Union-find over rows (0..rows-1) and columns (rows..rows+cols-1).
        int[] parent = new int[rows + cols];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (cost[i][j] <= limit) {
                    parent[find(parent, i)] = find(parent, rows + j);
                }
            }
        }
        java.util.Map<Integer, List<Integer>> groupRows = new java.util.HashMap<>();
        java.util.Map<Integer, List<Integer>> groupCols = new java.util.HashMap<>();
        for (int i = 0; i < rows; i++) {
            groupRows.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        for (int j = 0; j < cols; j++) {
            groupCols
                    .computeIfAbsent(find(parent, rows + j), k -> new ArrayList<>())
                    .add(j);
        }
        for (var entry : groupRows.entrySet()) {
            List<Integer> r = entry.getValue();
            List<Integer> c = groupCols.get(entry.getKey());
            if (c == null) {
                continue; // rows with no column within the limit
            }
            double[][] sub = new double[r.size()][c.size()];
            for (int a = 0; a < r.size(); a++) {
                for (int b = 0; b < c.size(); b++) {
                    sub[a][b] = cost[r.get(a)][c.get(b)];
                }
            }
            int[] pairs = solveDense(sub, limit);
            for (int a = 0; a < pairs.length; a++) {
                if (pairs[a] >= 0) {
                    result[r.get(a)] = c.get(pairs[a]);
                }
            }
        }
        return result;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /** The Hungarian method on one dense problem. */
    static int[] solveDense(double[][] cost, double limit) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        int n = Math.max(rows, cols);
        int[] p = hungarian(padded(cost, limit, n), n);
        for (int j = 1; j <= n; j++) {
            int i = p[j];
            if (i >= 1 && i <= rows && j <= cols && cost[i - 1][j - 1] <= limit) {
                result[i - 1] = j - 1;
            }
        }
        return result;
    }

    /**
     * The cost matrix made square ({@code n x n}, 1-based as the method wants) with "no pair"
     * costs above the limit: any pair above the limit costs the same as none, so the optimum is the
     * best set of pairs within the limit, and groups of linked rows and columns can be solved apart.
     */
    private static double[][] padded(double[][] cost, double limit, int n) {
        int rows = cost.length;
        int cols = cost[0].length;
        double big = limit + 1;
        double[][] a = new double[n + 1][n + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                double c = i <= rows && j <= cols ? cost[i - 1][j - 1] : big;
                a[i][j] = c <= limit ? c : big;
            }
        }
        return a;
    }

    /** The Hungarian method with potentials on a square 1-based matrix; returns p, where p[j] is the row of column j. */
    private static int[] hungarian(double[][] a, int n) {
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
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
        return p;
    }
}
