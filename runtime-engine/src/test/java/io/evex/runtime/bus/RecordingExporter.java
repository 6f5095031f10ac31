package io.evex.runtime.bus;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** An exporter for tests: records what it receives, can be made to block or fail. */
public class RecordingExporter implements Exporter {

    public final List<Event> received = new CopyOnWriteArrayList<>();
    public volatile int flushes;
    public volatile boolean stopped;
    public volatile CountDownLatch gate;

    @Override
    public void start(ExporterContext context) {}

    @Override
    public void deliver(Event event) throws ExportException {
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(event);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
