package io.evex.runtime.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which process listens on a TCP port, as Linux's {@code /proc} tells it ({@code ss -ltnp} reads the
 * same): the listening socket's inode from {@code /proc/net/tcp*}, then the process holding that
 * inode among its file descriptors. Processes of other users cannot be looked into: then unknown.
 */
final class PortHolder {

    private PortHolder() {}

    /** {@code "pid 1234 (mosquitto -p 8080)"}, or empty when it cannot be told. */
    static Optional<String> of(int port) {
        try {
            Optional<String> inode = listeningInode(port);
            return inode.isEmpty() ? Optional.empty() : holder(inode.get());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> listeningInode(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // local_address rem_address st ... inode; st 0A = LISTEN
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    return Optional.of(f[9]);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> holder(String inode) throws IOException {
        String socket = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (socket.equals(readLink(fd))) {
                            return Optional.of("pid " + proc.getFileName() + " (" + commandLine(proc) + ")");
                        }
                    }
                } catch (IOException notOurs) {
                    // another user's process: not readable
                }
            }
        }
        return Optional.empty();
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String commandLine(Path proc) throws IOException {
        String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")))
                .replace('\0', ' ')
                .trim();
        return cmd.length() > 80 ? cmd.substring(0, 77) + "..." : cmd;
    }
}
