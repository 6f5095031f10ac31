package io.evex.runtime.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A real runtime whose exporters are real child programs, working in a test folder. */
final class ProcessPipeline implements AutoCloseable {

    /** The shipped example exporters. */
    static final Path EXAMPLES = Descriptors.EXAMPLES;

    private final Evex evex;
    private final EventEnvelope envelope = new EventEnvelope();

    ProcessPipeline(Path workDir, List<Path> descriptorDirs, List<ExporterSettings> exporters) {
        RuntimeConfig config = RuntimeConfig.empty().plus(List.of(), descriptorDirs, exporters);
        evex = new Evex(config.withWorkingDirectory(workDir), false).start();
    }

    /** Writes a descriptor into {@code dir/name/exporter.json} and returns {@code dir}. */
    static Path descriptor(Path dir, String name, String json) throws Exception {
        return Descriptors.descriptor(dir, name, json);
    }

    Evex evex() {
        return evex;
    }

    ObjectNode track(int i) {
        ObjectNode e = envelope.start("track", 3, i % 2 == 0 ? "lobby" : "dock", i, i / 25.0, 1_795_446_600_000L + i);
        e.put("tracking_id", "t-" + i);
        e.putObject("object").put("class", "Person").put("confidence", 0.5);
        e.putObject("box").put("l", 0.1).put("t", 0.2).put("w", 0.3).put("h", 0.4);
        e.put("state", "update");
        return e;
    }

    /** Publishes {@code n} track events starting at index {@code from}; returns copies of them. */
    List<ObjectNode> publish(int from, int n) {
        List<ObjectNode> sent = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            ObjectNode e = track(i);
            sent.add(e.deepCopy());
            evex.bus().publish(e);
        }
        return sent;
    }

    ExporterStats stats(String name) {
        return evex.bus().stats().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(20), Duration.ofMillis(10), condition);
    }

    @Override
    public void close() {
        evex.close(10_000);
    }
}
