package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One model's session and its workers, shared by every channel that names the model: requests from
 * all channels wait in one queue, and a worker takes what is waiting (up to the model's batch) into
 * one run. Fair by construction: each channel has at most one request waiting or running (its
 * {@link DetectorWorker} skips or waits otherwise), so a run serves channels in the order they
 * asked and none can crowd out another.
 */
public final class DetectorPool implements AutoCloseable {

    /** One picture to detect in, with the channel's own settings. */
    private record Request(BgrImage image, DetectorSettings settings, CompletableFuture<List<Detection>> result) {}

    private static final Request STOP = new Request(null, null, null);

    private final DetectorModel model;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder runs = new LongAdder();
    private final LongAdder pictures = new LongAdder();
    private final LongAdder runNanos = new LongAdder();
    private volatile boolean closed;

    public DetectorPool(DetectorModel model) {
        this.model = model;
        String file = model.settings().file().getFileName().toString();
        for (int i = 0; i < model.settings().workers(); i++) {
            BatchRunner runner = new BatchRunner(model);
            Thread t = new Thread(() -> work(runner), "evex-detect-" + file + "-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    public DetectorModel model() {
        return model;
    }

    /** Detects in {@code image} (scaled as the model's input says) with a channel's settings, on a worker. */
    public CompletableFuture<List<Detection>> submit(BgrImage image, DetectorSettings settings) {
        CompletableFuture<List<Detection>> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new DetectorException("the detector is closed"));
            return result;
        }
        queue.add(new Request(image, settings, result));
        return result;
    }

    private void work(BatchRunner runner) {
        int most = model.batch();
        List<Request> batch = new ArrayList<>(most);
        List<BgrImage> images = new ArrayList<>(most);
        List<DetectorSettings> settings = new ArrayList<>(most);
        while (true) {
            Request first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                queue.add(STOP); // for the other workers
                return;
            }
            batch.add(first);
            queue.drainTo(batch, most - 1);
            if (batch.remove(STOP)) {
                queue.add(STOP); // for the other workers, after this last run
            }
            for (Request r : batch) {
                images.add(r.image());
                settings.add(r.settings());
            }
            run(runner, batch, images, settings);
            batch.clear();
            images.clear();
            settings.clear();
        }
    }

    private void run(BatchRunner runner, List<Request> batch, List<BgrImage> images, List<DetectorSettings> settings) {
        long t0 = System.nanoTime();
        try {
            List<List<Detection>> found = runner.detect(images, settings);
            runNanos.add(System.nanoTime() - t0);
            runs.increment();
            pictures.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(found.get(i));
            }
        } catch (DetectorException | RuntimeException e) {
            batch.forEach(r -> r.result().completeExceptionally(e));
        }
    }

    /** Runs, pictures, pictures per run and time per run so far. */
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        long n = runs.sum();
        long p = pictures.sum();
        c.put("runs", n);
        c.put("pictures", p);
        c.put("pictures_per_run", n == 0 ? 0 : Math.round(p * 100.0 / n) / 100.0);
        c.put("run_ms", n == 0 ? 0 : Math.round(runNanos.sum() / 1e4 / n) / 100.0);
        return c;
    }

    /** Stops the workers after the requests already queued, then closes the session. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Request r = queue.poll(); r != null; r = queue.poll()) {
            if (r != STOP) {
                r.result().completeExceptionally(new DetectorException("the detector is closed"));
            }
        }
        model.close();
    }
}
