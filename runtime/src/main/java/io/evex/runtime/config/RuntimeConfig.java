package io.evex.runtime.config;

import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.onvif.OnvifSettings;
import io.evex.runtime.process.FilterSettings;
import io.evex.runtime.source.SyntheticSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The whole configuration of a run.
 *
 * @param pluginDirs directories searched for plugin jars, in order
 * @param exporterDirs directories searched for exporter descriptors
 * @param channels the video channels
 * @param synthetic the synthetic event source, or null when not wanted
 * @param exporters the exporter instances
 * @param filters preprocess filters, the first covering a channel applies
 * @param http the HTTP server
 * @param cluster the cluster this runtime is a node of, or null when it runs alone
 * @param workingDirectory what relative output paths of exporters are resolved against
 * @param remote what channels and exporters from the API and the cluster topic may name
 * @param onvif the ONVIF device services on the HTTP server ({@code onvif:}), off unless configured
 */
public record RuntimeConfig(
        List<Path> pluginDirs,
        List<Path> exporterDirs,
        List<ChannelSettings> channels,
        SyntheticSettings synthetic,
        List<ExporterSettings> exporters,
        List<FilterSettings> filters,
        HttpSettings http,
        ClusterSettings cluster,
        Path workingDirectory,
        RemoteBounds remote,
        OnvifSettings onvif) {

    public static RuntimeConfig empty() {
        return new RuntimeConfig(
                List.of(),
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of(),
                HttpSettings.DEFAULT,
                null,
                Path.of("").toAbsolutePath(),
                RemoteBounds.DEFAULT,
                OnvifSettings.OFF);
    }

    /** This configuration with outputs relative to {@code dir} (the process's working directory by default). */
    public RuntimeConfig withWorkingDirectory(Path dir) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                dir.toAbsolutePath(),
                remote,
                onvif);
    }

    /** This configuration with more filters appended. */
    public RuntimeConfig plusFilters(List<FilterSettings> more) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                concat(filters, more),
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with more plugin directories, exporter directories and exporters appended. */
    public RuntimeConfig plus(
            List<Path> morePluginDirs, List<Path> moreExporterDirs, List<ExporterSettings> moreExporters) {
        return new RuntimeConfig(
                concat(pluginDirs, morePluginDirs),
                concat(exporterDirs, moreExporterDirs),
                channels,
                synthetic,
                concat(exporters, moreExporters),
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with more channels; a name used twice is refused. */
    public RuntimeConfig plusChannels(List<ChannelSettings> more) {
        List<ChannelSettings> all = concat(channels, more);
        Set<String> names = new HashSet<>();
        for (ChannelSettings c : all) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("channel name '" + c.name() + "' is used twice");
            }
        }
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                all,
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration without the channel {@code name} (the same when there is none). */
    public RuntimeConfig withoutChannel(String name) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels.stream().filter(c -> !c.name().equals(name)).toList(),
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with every channel replaced by {@code change(channel)}. */
    public RuntimeConfig mapChannels(UnaryOperator<ChannelSettings> change) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels.stream().map(change).toList(),
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with a synthetic source (null for none). */
    public RuntimeConfig withSynthetic(SyntheticSettings source) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                source,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    public RuntimeConfig withHttp(HttpSettings settings) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                filters,
                settings,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with {@code list} as its exporters. */
    public RuntimeConfig withExporters(List<ExporterSettings> list) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                List.copyOf(list),
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration with what entries from the API and the cluster topic may name. */
    public RuntimeConfig withRemote(RemoteBounds bounds) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                bounds,
                onvif);
    }

    /** This configuration as a node of {@code settings}' cluster (null: a single node). */
    public RuntimeConfig withCluster(ClusterSettings settings) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                filters,
                http,
                settings,
                workingDirectory,
                remote,
                onvif);
    }

    /** This configuration serving ONVIF as {@code settings} say. */
    public RuntimeConfig withOnvif(OnvifSettings settings) {
        return new RuntimeConfig(
                pluginDirs,
                exporterDirs,
                channels,
                synthetic,
                exporters,
                filters,
                http,
                cluster,
                workingDirectory,
                remote,
                settings);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
