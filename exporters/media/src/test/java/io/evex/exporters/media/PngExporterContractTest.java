package io.evex.exporters.media;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The lifecycle contract; media exporters take no events, so it checks they ignore them harmlessly. */
class PngExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new PngExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("path", String.valueOf(dir.resolve("{obj.frame_id}.png")));
    }
}
