package io.evex.exporters.file;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

class CsvExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new CsvExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("path", dir.resolve("{obj.$id}.csv").toString());
    }
}
