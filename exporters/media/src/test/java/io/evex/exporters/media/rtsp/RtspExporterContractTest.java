package io.evex.exporters.media.rtsp;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The lifecycle contract; the server listens on a free port. */
class RtspExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new RtspExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("port", 0, "bind", "127.0.0.1", "users", "tester:pw");
    }
}
