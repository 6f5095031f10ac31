package io.evex.testkit;

import io.evex.api.ExporterFactory;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.DescriptorLoader;
import io.evex.runtime.process.ProcessExporterFactory;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The runtime's process exporter (a descriptor kind) under the same contract as the plugins; the
 * program is {@code sh -c 'cat > out'}, so every byte it is given is kept.
 */
class ProcessExporterContractTest extends ExporterContractTest {

    private final ProcessHost host = new ProcessHost();

    @Override
    protected ExporterFactory factory() {
        try {
            Path folder = Files.createDirectories(dir.resolve("cat-exporter"));
            Files.writeString(folder.resolve(DescriptorLoader.FILE_NAME), """
                    {"name": "cat", "events": {"track": [2], "event-motion": [1], "metadata": [1]},
                     "command": ["sh", "-c", "cat > out.bin"]}
                    """);
            EventCatalog catalog = EventCatalog.load();
            return new ProcessExporterFactory(
                    new DescriptorLoader(catalog.validator(), new Negotiator(catalog))
                            .load(folder.resolve(DescriptorLoader.FILE_NAME)),
                    host);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of();
    }
}
