package io.evex.exporters.file;

import io.evex.api.ExportException;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files one exporter writes to. Append-mode files stay open behind a 64 KiB buffer (at most
 * {@code maxOpen} at a time, least recently used closed first), because dynamic paths such as
 * {@code out/{obj.channel}.jsonl} spread events over a few files. Whole-file writes go through a
 * temporary file and an atomic rename, so a reader never sees half a document.
 */
final class OutputFiles implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final Path base;
    private final int maxOpen;
    private final Map<String, Output> open;

    OutputFiles(Path base, int maxOpen) {
        this.base = base;
        this.maxOpen = maxOpen;
        this.open = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** An appendable file, opened on first use. {@link Output#isNew} tells whether it was empty. */
    Output append(String path) throws ExportException {
        Output out = open.get(path);
        if (out != null) {
            return out;
        }
        if (open.size() >= maxOpen) {
            Iterator<Output> eldest = open.values().iterator();
            Output victim = eldest.next();
            eldest.remove();
            victim.close();
        }
        Path file = base.resolve(path);
        try {
            createParent(file);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            out = new Output(file, channel, channel.size() == 0);
        } catch (IOException e) {
            throw failure("cannot open " + file, e);
        }
        open.put(path, out);
        return out;
    }

    /** Replaces a file's whole content atomically. */
    void writeWhole(String path, byte[] content) throws ExportException {
        Path file = base.resolve(path);
        try {
            createParent(file);
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot write " + file, e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Hands buffered bytes of every open file to the operating system. */
    void flush() throws ExportException {
        for (Output out : open.values()) {
            try {
                out.stream.flush();
            } catch (IOException e) {
                throw failure("cannot write " + out.file, e);
            }
        }
    }

    /** Flushes, syncs to disk and closes every file. */
    @Override
    public void close() {
        open.values().forEach(Output::close);
        open.clear();
    }

    /** Retriable unless retrying cannot help (no permission, a file where a folder should be). */
    static ExportException failure(String what, IOException e) {
        String message = what + ": " + e;
        if (e instanceof AccessDeniedException
                || e instanceof NotDirectoryException
                || (e instanceof FileSystemException fse && "Is a directory".equals(fse.getReason()))) {
            return new PermanentExportException(message, e);
        }
        return new RetriableExportException(message, e);
    }

    /** One open file. */
    static final class Output {
        final Path file;
        final FileChannel channel;
        final OutputStream stream;
        final boolean isNew;

        Output(Path file, FileChannel channel, boolean isNew) {
            this.file = file;
            this.channel = channel;
            this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            this.isNew = isNew;
        }

        void close() {
            try {
                stream.flush();
                channel.force(false);
            } catch (IOException e) {
                // reported by the next flush of a caller; nothing more to do on close
            } finally {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already closing
                }
            }
        }
    }
}
