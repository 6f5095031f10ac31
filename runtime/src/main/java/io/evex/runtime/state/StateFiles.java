package io.evex.runtime.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the runtime's own files under {@code .evex/} (tokens, groups, status, overrides) whole or
 * not at all: into a sibling temporary file, then moved over the old one in one step, so a crash or
 * a reader never sees half a file.
 */
public final class StateFiles {

    private StateFiles() {}

    /** Replaces {@code file} with {@code bytes}; {@code ownerOnly} makes it readable by its owner alone (secrets). */
    public static void write(Path file, byte[] bytes, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        if (ownerOnly) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own protection applies
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
