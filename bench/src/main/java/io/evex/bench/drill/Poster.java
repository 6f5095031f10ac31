package io.evex.bench.drill;

import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts track events with ids {@code drill-<n>} to {@code /api/v1/events} at a steady rate, ten
 * batches a second, and remembers which ones Evex acknowledged (202: published, so on disk in
 * every durable queue). A POST that a kill cuts off has an unknown outcome: its events may arrive
 * or not, and count as neither.
 */
public final class Poster {

    private final EvexProcess evex;
    private final int perBatch;
    private final BitSet acked = new BitSet();
    private final Thread thread;
    private volatile boolean running = true;
    private long unknown;
    private int next;

    public Poster(EvexProcess evex, int rate) {
        this.evex = evex;
        this.perBatch = Math.max(1, rate / 10);
        this.thread = new Thread(this::loop, "drill-poster");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long tick = System.nanoTime();
        while (running) {
            int from = next;
            next += perBatch;
            StringBuilder body = new StringBuilder(perBatch * 260).append('[');
            for (int i = from; i < next; i++) {
                body.append(i == from ? "" : ",")
                        .append("{\"$id\":\"track\",\"$version\":3,\"event_id\":\"")
                        .append(KillDrill.PREFIX)
                        .append(i)
                        .append("\",\"channel\":\"cam-")
                        .append(i % 4)
                        .append("\",\"frame_id\":")
                        .append(i)
                        .append(",\"frame_time\":0.04,\"tracking_id\":\"t-")
                        .append(i % 50)
                        .append("\",\"object\":{\"class\":\"person\",\"confidence\":0.9},")
                        .append("\"box\":{\"l\":0.1,\"t\":0.1,\"w\":0.2,\"h\":0.3},\"state\":\"update\"}");
            }
            body.append(']');
            try {
                int status = evex.post("/api/v1/events", body.toString());
                synchronized (this) {
                    if (status == 202) {
                        acked.set(from, next);
                    } else {
                        unknown += perBatch;
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    unknown += perBatch; // cut off by a kill, or Evex is starting again
                }
            } catch (InterruptedException e) {
                return;
            }
            tick += 100_000_000L;
            LockSupport.parkNanos(Math.max(0, tick - System.nanoTime()));
            if (System.nanoTime() - tick > 1_000_000_000L) {
                tick = System.nanoTime(); // Evex was down: go on at the rate, do not burst to catch up
            }
        }
    }

    /** The ids acknowledged so far (a copy). */
    public synchronized BitSet acked() {
        return (BitSet) acked.clone();
    }

    public synchronized long unknown() {
        return unknown;
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
