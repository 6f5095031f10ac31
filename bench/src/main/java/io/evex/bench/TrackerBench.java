package io.evex.bench;

import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.track.ByteTracker;
import io.evex.runtime.analysis.track.TrackerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Tracker cost per object per frame with 10, 100 and 500 objects: each object moves on its own
 * straight path with detection jitter, boxes sized as people seen by a camera (2-5 % of the width);
 * the tracker's update is timed over the frames after a warm-up.
 */
final class TrackerBench {

    void all() {
        System.out.printf("Tracker benchmark: ByteTracker.update, objects on straight paths with jitter%n%n");
        for (int objects : new int[] {10, 100, 500}) {
            int frames = objects >= 500 ? 300 : 2000;
            run(objects, frames / 4); // warm-up
            double nanos = run(objects, frames);
            System.out.printf(
                    "%4d objects: %8.1f µs per frame, %6.2f µs per object per frame%n",
                    objects, nanos / 1e3, nanos / 1e3 / objects);
        }
    }

    /** Mean nanoseconds per update. */
    private static double run(int objects, int frames) {
        Random r = new Random(objects);
        double[][] paths = new double[objects][];
        for (int i = 0; i < objects; i++) {
            double w = 0.02 + r.nextDouble() * 0.03;
            paths[i] = new double[] {
                r.nextDouble() * 0.9,
                r.nextDouble() * 0.8,
                (r.nextDouble() - 0.5) * 0.004,
                (r.nextDouble() - 0.5) * 0.004,
                w,
                w * 2.5
            };
        }
        ByteTracker tracker = new ByteTracker(TrackerSettings.defaults());
        long total = 0;
        List<Detection> detections = new ArrayList<>(objects);
        for (int f = 0; f < frames; f++) {
            detections.clear();
            for (double[] p : paths) {
                double l = wrap(p[0] + p[2] * f) + r.nextGaussian() * 0.001;
                double t = wrap(p[1] + p[3] * f) * 0.8 + r.nextGaussian() * 0.001;
                detections.add(new Detection(l, t, p[4], p[5], "person", 0.6 + r.nextDouble() * 0.4));
            }
            long t0 = System.nanoTime();
            tracker.update(detections);
            total += System.nanoTime() - t0;
        }
        return (double) total / frames;
    }

    private static double wrap(double v) {
        double x = v % 0.9;
        return x < 0 ? x + 0.9 : x;
    }
}
