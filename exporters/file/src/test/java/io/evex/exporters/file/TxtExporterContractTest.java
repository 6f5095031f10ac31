package io.evex.exporters.file;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

class TxtExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new TxtExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("path", dir.resolve("{obj.channel}.txt").toString());
    }
}
