package io.evex.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state folder and its files are the owner's alone, also when they replace wider ones. */
class StateFilesTest {

    @TempDir
    Path dir;

    @Test
    void stateFilesAndTheirFolderAreOwnerOnly() throws Exception {
        Path state = dir.resolve("site/.evex");
        StateFiles.write(state.resolve("overrides.json"), "{}".getBytes());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("overrides.json"))));

        // A file left world-readable by an older version is replaced by an owner-only one.
        Path groups = state.resolve("groups.json");
        Files.writeString(groups, "old");
        Files.setPosixFilePermissions(groups, PosixFilePermissions.fromString("rw-r--r--"));
        StateFiles.write(groups, "new".getBytes());
        assertEquals("new", Files.readString(groups));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(groups)));
        try (var left = Files.list(state)) {
            assertEquals(
                    List.of("groups.json", "overrides.json"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
