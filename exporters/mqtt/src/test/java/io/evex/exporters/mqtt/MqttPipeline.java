package io.evex.exporters.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import java.nio.file.Path;
import java.util.List;

/** A real runtime with the MQTT exporter (and any other) found on the test class path, working in a test folder. */
final class MqttPipeline implements AutoCloseable {

    private final Evex evex;
    private final EventEnvelope envelope = new EventEnvelope();

    MqttPipeline(Path dir, String... exports) {
        RuntimeConfig config =
                RuntimeConfig.empty().plus(List.of(), List.of(), ExportOption.parseAll(List.of(exports), List.of()));
        evex = new Evex(config.withWorkingDirectory(dir), false).start();
    }

    Evex evex() {
        return evex;
    }

    List<String> refusals() {
        return evex.refusals();
    }

    /** A valid ~500-byte event-motion event of a channel, numbered {@code n}. */
    ObjectNode motion(String channel, long n) {
        ObjectNode e = envelope.start("event-motion", 1, channel, n, n / 25.0, System.currentTimeMillis());
        e.put("motion_ratio", 0.125);
        for (int i = 0; i < 6; i++) {
            e.withArray("regions")
                    .addObject()
                    .putObject("box")
                    .put("l", 0.1 * i)
                    .put("t", 0.2)
                    .put("w", 0.05)
                    .put("h", 0.3);
        }
        return e;
    }

    void publish(ObjectNode event) {
        evex.bus().publish(event);
    }

    @Override
    public void close() {
        evex.close(10_000);
    }
}
