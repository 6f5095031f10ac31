package io.evex.runtime.exporter;

import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.DescriptorLoader;
import io.evex.runtime.process.ExporterDescriptor;
import io.evex.runtime.process.ProcessExporterFactory;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exporter kind available to a run: plugin factories (built-in and third-party jars) and
 * exporter descriptors (external programs). A descriptor whose name a plugin already uses is
 * refused; so is an invalid one, with its problems.
 */
public final class ExporterKinds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExporterKinds.class);

    private final PluginExporters plugins;
    private final Map<String, ExporterKind> kinds;
    private final List<Problem> refusedDescriptors;

    private ExporterKinds(PluginExporters plugins, Map<String, ExporterKind> kinds, List<Problem> refusedDescriptors) {
        this.plugins = plugins;
        this.kinds = kinds;
        this.refusedDescriptors = refusedDescriptors;
    }

    public static ExporterKinds discover(
            List<Path> pluginDirs, List<Path> exporterDirs, EventCatalog catalog, ProcessHost host) {
        PluginExporters plugins = PluginExporters.load(pluginDirs);
        Map<String, ExporterKind> kinds = new TreeMap<>(plugins.kinds());
        DescriptorLoader.Found found =
                new DescriptorLoader(catalog.validator(), new Negotiator(catalog)).findAll(exporterDirs);
        List<Problem> refused = new ArrayList<>(found.problems());
        for (ExporterDescriptor d : found.descriptors()) {
            ExporterKind earlier = kinds.get(d.name());
            if (earlier != null) {
                refused.add(new Problem(
                        d.file().toString(),
                        0,
                        "/name",
                        "exporter name '" + d.name() + "' is already taken by " + earlier.origin()
                                + "; this descriptor is ignored"));
                continue;
            }
            kinds.put(
                    d.name(),
                    new ExporterKind(
                            new ProcessExporterFactory(d, host),
                            "descriptor " + d.file(),
                            ExporterKinds.class.getClassLoader(),
                            d.queue()));
        }
        refused.forEach(p -> LOG.error("exporter descriptor refused: {}", p));
        return new ExporterKinds(plugins, kinds, refused);
    }

    public Map<String, ExporterKind> kinds() {
        return kinds;
    }

    /** One problem per reason a descriptor was refused. */
    public List<Problem> refusedDescriptors() {
        return refusedDescriptors;
    }

    @Override
    public void close() {
        plugins.close();
    }
}
