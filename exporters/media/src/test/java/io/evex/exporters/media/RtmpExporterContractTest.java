package io.evex.exporters.media;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The lifecycle contract; media exporters take no events, so it checks they ignore them harmlessly. */
class RtmpExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new RtmpExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("url", String.valueOf("rtmp://127.0.0.1:1/live/{obj.channel}"));
    }
}
