package io.evex.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** Descriptor folders for tests: the shipped examples, and ones written on the spot. */
public final class Descriptors {

    /** The shipped example exporters. */
    public static final Path EXAMPLES =
            Path.of("..", "exporters", "examples").toAbsolutePath().normalize();

    private Descriptors() {}

    /** Writes a descriptor into {@code dir/name/exporter.json} and returns {@code dir}. */
    public static Path descriptor(Path dir, String name, String json) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("exporter.json"), json);
        return dir;
    }
}
