package io.evex.exporters.media;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The lifecycle contract; a GStreamer exporter takes no events, so it checks it ignores them harmlessly. */
class GstreamerExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new GstreamerExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("pipeline", "appsrc name=cvedia-rt ! fakesink");
    }
}
