package io.evex.exporters.store;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The lifecycle contract, on a database in the test's folder. */
class StoreExporterContractTest extends ExporterContractTest {

    @Override
    protected ExporterFactory factory() {
        return new StoreExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of(
                "path",
                dir.resolve("events.db").toString(),
                "pictures",
                dir.resolve("pictures").toString());
    }
}
