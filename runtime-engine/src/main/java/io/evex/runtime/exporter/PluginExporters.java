package io.evex.runtime.exporter;

import io.evex.api.ExporterFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds exporter kinds: every {@link ExporterFactory} extension in the plugin jars and zips of the
 * given directories (built-in exporters are plugin jars too) and on the application classpath.
 */
public final class PluginExporters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginExporters.class);

    private final PluginManager plugins;
    private final Map<String, ExporterKind> kinds = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    private PluginExporters(PluginManager plugins) {
        this.plugins = plugins;
    }

    /** Loads and starts the plugins in {@code dirs} (missing directories are skipped). */
    public static PluginExporters load(List<Path> dirs) {
        List<Path> existing = dirs.stream()
                .filter(Files::isDirectory)
                .map(Path::toAbsolutePath)
                .distinct()
                .toList();
        PluginManager manager = new EvexPluginManager(existing);
        PluginExporters found = new PluginExporters(manager);
        if (!existing.isEmpty()) {
            manager.loadPlugins();
            manager.startPlugins();
        }
        for (PluginWrapper p : manager.getPlugins()) {
            if (p.getFailedException() != null) {
                found.warnings.add("plugin " + p.getPluginPath() + " failed to load: "
                        + p.getFailedException().getMessage());
            }
        }
        for (ExporterFactory factory : manager.getExtensions(ExporterFactory.class)) {
            PluginWrapper owner = manager.whichPlugin(factory.getClass());
            String origin =
                    owner == null ? "classpath" : "plugin " + owner.getPluginId() + " (" + owner.getPluginPath() + ")";
            ExporterKind kind =
                    new ExporterKind(factory, origin, factory.getClass().getClassLoader());
            ExporterKind earlier = found.kinds.putIfAbsent(factory.name(), kind);
            if (earlier != null) {
                found.warnings.add("exporter kind '" + factory.name() + "' from " + origin
                        + " ignored: the same name is already provided by " + earlier.origin());
            }
        }
        found.warnings.forEach(LOG::warn);
        return found;
    }

    /** Exporter kinds by name. */
    public Map<String, ExporterKind> kinds() {
        return new LinkedHashMap<>(kinds);
    }

    /** Problems met while loading (also logged). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Stops the plugins one by one, newest first. (PF4J 3.15's {@code stopPlugins()} iterates the
     * list it modifies and throws ConcurrentModificationException.)
     */
    @Override
    public void close() {
        List<PluginWrapper> started = new ArrayList<>(plugins.getStartedPlugins());
        java.util.Collections.reverse(started);
        for (PluginWrapper p : started) {
            try {
                plugins.stopPlugin(p.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("plugin {} did not stop cleanly: {}", p.getPluginId(), e.toString());
            }
        }
    }
}
