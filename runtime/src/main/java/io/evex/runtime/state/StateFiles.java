package io.evex.runtime.state;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the runtime's own files under {@code .evex/} (tokens, groups, status, overrides) whole or
 * not at all: into a sibling temporary file, then moved over the old one in one step, so a crash or
 * a reader never sees half a file. Every one is its owner's alone from the moment it exists (created
 * 0600 in a 0700 folder, never widened and then narrowed): they hold token hashes, channel URLs
 * with credentials, exporter settings.
 */
public final class StateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private StateFiles() {}

    /** Replaces {@code file} with {@code bytes}, readable by its owner alone. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            createFolder(dir);
        }
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, attribute(FILE));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp); // not a POSIX file system: the folder's own protection applies
        }
        try (OutputStream out =
                Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(bytes);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createFolder(Path dir) throws IOException {
        if (dir.getParent() != null && !Files.isDirectory(dir.getParent())) {
            Files.createDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(dir, attribute(FOLDER));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // made meanwhile by another writer
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
