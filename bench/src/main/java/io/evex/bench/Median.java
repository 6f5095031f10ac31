package io.evex.bench;

import java.util.Arrays;

/** The median events/s of a benchmark's runs after one warm-up run, printed with its range. */
final class Median {

    /** One run of {@code count} events: returns its elapsed nanos. */
    interface Run {
        long run() throws Exception;
    }

    private Median() {}

    static double of(String name, int runs, long count, Run run) throws Exception {
        run.run();
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = count / (run.run() / 1e9);
        }
        Arrays.sort(rates);
        System.out.printf(
                "%-44s %,12.0f events/s   (runs: %,.0f .. %,.0f)%n", name, rates[runs / 2], rates[0], rates[runs - 1]);
        return rates[runs / 2];
    }
}
