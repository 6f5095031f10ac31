package io.evex.exporters.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.exporter.ExporterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real runtime writing into a test folder, fed with events built in the test. */
final class Pipeline implements AutoCloseable {

    private final Evex evex;
    private final EventEnvelope envelope = new EventEnvelope();

    Pipeline(Path dir, String... exports) {
        List<ExporterSettings> configs = ExportOption.parseAll(List.of(exports), List.of());
        RuntimeConfig config = RuntimeConfig.empty().plus(List.of(), List.of(), configs);
        this.evex = new Evex(config.withWorkingDirectory(dir), true).start();
    }

    List<String> refusals() {
        return evex.refusals();
    }

    /** A valid track event of the newest version (v3), as exporters subscribed to "*" receive it. */
    ObjectNode track(String channel, long frame, String cls) {
        ObjectNode e = envelope.start("track", 3, channel, frame, frame / 25.0, 1_795_446_600_000L + frame);
        e.put("tracking_id", "t-" + frame);
        e.putObject("object").put("class", cls).put("confidence", 0.75);
        e.putObject("box").put("l", 0.1).put("t", 0.2).put("w", 0.3).put("h", 0.4);
        e.put("state", "update");
        return e;
    }

    List<ObjectNode> publishTracks(int n, String... channels) {
        List<ObjectNode> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode e = track(channels[i % channels.length], i, i % 2 == 0 ? "Person" : "Vehicle, red");
            sent.add(e.deepCopy());
            evex.bus().publish(e);
        }
        return sent;
    }

    /** A new event of any type with the envelope filled in, for the test to complete. */
    ObjectNode envelope(String type, int version, String channel, long frame) {
        return envelope.start(type, version, channel, frame, frame / 25.0, 1_795_446_600_000L + frame);
    }

    void publish(ObjectNode e) {
        evex.bus().publish(e);
    }

    Evex evex() {
        return evex;
    }

    @Override
    public void close() {
        evex.close(10_000);
    }
}
