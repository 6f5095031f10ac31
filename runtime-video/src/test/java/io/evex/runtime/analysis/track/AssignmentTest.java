package io.evex.runtime.analysis.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AssignmentTest {

    @Test
    void findsTheCheapestPairingNotTheGreedyOne() {
        // Greedy takes (0,0)=1 then must pay (1,1)=10: 11. The optimum is (0,1)+(1,0) = 2+2 = 4.
        double[][] cost = {{1, 2}, {2, 10}};
        assertArrayEquals(new int[] {1, 0}, Assignment.solve(cost, 100));
    }

    @Test
    void rectangularMatricesAndTheLimitLeaveSomeUnpaired() {
        double[][] moreColumns = {{0.9, 0.1, 0.5}};
        assertArrayEquals(new int[] {1}, Assignment.solve(moreColumns, 0.8));
        double[][] moreRows = {{0.3}, {0.1}, {0.7}};
        assertArrayEquals(new int[] {-1, 0, -1}, Assignment.solve(moreRows, 0.8));
        double[][] tooDear = {{0.9, Double.POSITIVE_INFINITY}, {Double.POSITIVE_INFINITY, 0.2}};
        assertArrayEquals(new int[] {-1, 1}, Assignment.solve(tooDear, 0.8));
        assertArrayEquals(new int[0], Assignment.solve(new double[0][0], 1));
    }

    @Test
    void solvingLinkedGroupsApartGivesTheSameTotalAsOneProblem() {
        java.util.Random r = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + r.nextInt(12);
            int cols = 1 + r.nextInt(12);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int j = 0; j < cols; j++) {
                    row[j] = r.nextDouble() < 0.7 ? Double.POSITIVE_INFINITY : r.nextDouble();
                }
            }
            assertEquals(total(cost, Assignment.solveDense(cost, 0.8)), total(cost, Assignment.solve(cost, 0.8)), 1e-9);
        }
    }

    /** The cost of the pairs made, plus the limit + 1 for each row left unpaired. */
    private static double total(double[][] cost, int[] pairs) {
        double sum = 0;
        for (int i = 0; i < pairs.length; i++) {
            sum += pairs[i] < 0 ? 1.8 : cost[i][pairs[i]];
        }
        return sum;
    }
}
