package com.example.evex;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** How a third-party plugin runs Evex's exporter contract: name the factory and working settings. */
class EventCounterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new EventCounterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("path", dir.resolve("counts.json").toString());
    }
}
