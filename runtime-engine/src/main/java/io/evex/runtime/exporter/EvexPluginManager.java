package io.evex.runtime.exporter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.CompoundPluginRepository;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginRepository;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J configured for Evex's plugin directories: single plugin jars (a plugin with no libraries
 * of its own) and plugin zips (a {@code plugin.properties} or manifest, {@code classes/} and
 * {@code lib/*.jar}, for plugins that bring libraries). Zips are expanded beside themselves on
 * load. Other sub-directories are ignored, so a plugin's source folder can live in {@code plugins/}.
 */
final class EvexPluginManager extends DefaultPluginManager {

    EvexPluginManager(List<Path> roots) {
        super(roots);
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new CompoundPluginRepository()
                .add(new JarPluginRepository(getPluginsRoots()))
                .add(new ZipPluginRepository(getPluginsRoots()));
    }

    /** Plugin zips, expanded into folders of the same name. */
    private static final class ZipPluginRepository implements PluginRepository {
        private static final Logger LOG = LoggerFactory.getLogger(ZipPluginRepository.class);
        private final List<Path> roots;

        ZipPluginRepository(List<Path> roots) {
            this.roots = roots;
        }

        @Override
        public List<Path> getPluginPaths() {
            List<Path> paths = new ArrayList<>();
            for (Path root : roots) {
                try (DirectoryStream<Path> zips = Files.newDirectoryStream(root, "*.zip")) {
                    for (Path zip : zips) {
                        try {
                            paths.add(FileUtils.expandIfZip(zip));
                        } catch (IOException e) {
                            LOG.warn("plugin {} cannot be expanded: {}", zip, e.toString());
                        }
                    }
                } catch (IOException e) {
                    LOG.warn("plugin directory {} cannot be read: {}", root, e.toString());
                }
            }
            return paths;
        }

        @Override
        public boolean deletePluginPath(Path pluginPath) {
            return false;
        }
    }
}
