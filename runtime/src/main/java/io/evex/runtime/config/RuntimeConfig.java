package io.evex.runtime.config;

import io.evex.runtime.process.FilterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration of a run.
 *
 * @param pluginDirs directories searched for plugin jars, in order
 * @param exporterDirs directories searched for exporter descriptors
 * @param source the event source
 * @param exporters the exporter instances
 * @param filters preprocess filters, the first covering a channel applies
 */
public record RuntimeConfig(List<Path> pluginDirs, List<Path> exporterDirs, SourceConfig source,
                            List<ExporterConfig> exporters, List<FilterSettings> filters) {

    public static RuntimeConfig empty() {
        return new RuntimeConfig(List.of(), List.of(), SourceConfig.DEFAULT, List.of(), List.of());
    }

    /** This configuration with more filters appended. */
    public RuntimeConfig plusFilters(List<FilterSettings> more) {
        List<FilterSettings> all = new ArrayList<>(filters);
        all.addAll(more);
        return new RuntimeConfig(pluginDirs, exporterDirs, source, exporters, all);
    }

    /** This configuration with more plugin directories, exporter directories and exporters appended. */
    public RuntimeConfig plus(List<Path> morePluginDirs, List<Path> moreExporterDirs, List<ExporterConfig> moreExporters) {
        List<Path> plugins = new ArrayList<>(pluginDirs);
        plugins.addAll(morePluginDirs);
        List<Path> descriptors = new ArrayList<>(exporterDirs);
        descriptors.addAll(moreExporterDirs);
        List<ExporterConfig> all = new ArrayList<>(exporters);
        all.addAll(moreExporters);
        return new RuntimeConfig(plugins, descriptors, source, all, filters);
    }

    /** This configuration with another source. */
    public RuntimeConfig withSource(SourceConfig newSource) {
        return new RuntimeConfig(pluginDirs, exporterDirs, newSource, exporters, filters);
    }
}
