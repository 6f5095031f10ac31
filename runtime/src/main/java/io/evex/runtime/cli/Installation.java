package io.evex.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an Evex installation keeps its parts. The {@code evex} launcher sets {@code evex.home}
 * (the repository root) and {@code evex.builtin} (the built-in exporter jars); without them the
 * current directory is the home.
 */
public final class Installation {

    private Installation() {}

    public static Path home() {
        return Path.of(System.getProperty("evex.home", "")).toAbsolutePath();
    }

    /** Built-in exporters first, then the drop-in {@code plugins/} directory of the home. */
    public static List<Path> defaultPluginDirs() {
        List<Path> dirs = new ArrayList<>();
        String builtin = System.getProperty("evex.builtin");
        if (builtin != null) {
            dirs.add(Path.of(builtin));
        }
        dirs.add(home().resolve("plugins"));
        return dirs;
    }

    /** The repository's {@code exporters/} tree and the user's {@code ~/.evex/exporters}. */
    public static List<Path> defaultExporterDirs() {
        return List.of(home().resolve("exporters"), Path.of(System.getProperty("user.home"), ".evex", "exporters"));
    }
}
