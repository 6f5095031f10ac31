package io.evex.runtime.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import java.nio.file.Path;
import java.util.List;

/** A real runtime with the exporters of {@code --export} options, and events to publish into it (for exporter tests). */
public final class Pipelines {

    private static final EventEnvelope ENVELOPE = new EventEnvelope();

    private Pipelines() {}

    /** Starts a runtime working in {@code dir} with these exporters (those found on the class path). */
    public static Evex start(Path dir, String... exports) {
        RuntimeConfig config =
                RuntimeConfig.empty().plus(List.of(), List.of(), ExportOption.parseAll(List.of(exports), List.of()));
        return new Evex(config.withWorkingDirectory(dir), false).start();
    }

    /** A valid {@code event-motion} of {@code channel}, numbered {@code n} (its frame id). */
    public static ObjectNode motion(String channel, long n) {
        ObjectNode e = ENVELOPE.start("event-motion", 1, channel, n, n / 25.0, System.currentTimeMillis());
        e.put("motion_ratio", 0.125);
        e.withArray("regions")
                .addObject()
                .putObject("box")
                .put("l", 0.1)
                .put("t", 0.2)
                .put("w", 0.05)
                .put("h", 0.3);
        return e;
    }
}
