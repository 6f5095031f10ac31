package io.evex.runtime.bus.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The open files of a {@link Spool}: the segment being written (framing each record in one reused
 * direct buffer, so an append is one write call and no garbage) and the segment being read.
 * Not thread-safe: the spool calls it under its lock, except {@link #force}.
 */
final class SegmentFiles implements AutoCloseable {

    private static final int HEADER = SpoolFiles.HEADER;

    private final Path dir;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private volatile FileChannel writer;
    private long writing = -1;
    private FileChannel reader;
    private long reading = -1;

    SegmentFiles(Path dir) {
        this.dir = dir;
    }

    /** The number of the segment being written, or -1. */
    long writing() {
        return writing;
    }

    /**
     * Lets the current segment go (forced first) and opens segment {@code number} for writing.
     *
     * @return its size (0 for a new file)
     */
    long startSegment(long number) throws IOException {
        closeWriter();
        writer = FileChannel.open(SpoolFiles.file(dir, number), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writing = number;
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true); // the new file's name survives a power cut too
        } catch (IOException ignored) {
            // not every file system syncs a folder; the records themselves are forced
        }
        return writer.size();
    }

    /** Writes {@code record} framed at {@code position} of the segment being written. */
    void append(long position, byte[] record) throws IOException {
        write(writer, position, record);
    }

    /** Writes {@code records} framed into a new file {@code number}, forced before it returns. */
    void writeSegment(long number, List<byte[]> records) throws IOException {
        try (FileChannel ch = FileChannel.open(
                SpoolFiles.file(dir, number),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            for (byte[] r : records) {
                write(ch, position, r);
                position += HEADER + r.length;
            }
            ch.force(false);
        }
    }

    private void write(FileChannel ch, long position, byte[] record) throws IOException {
        if (out.capacity() < HEADER + record.length) {
            out = ByteBuffer.allocateDirect(Integer.highestOneBit(HEADER + record.length) << 1);
        }
        crc.reset();
        crc.update(record, 0, record.length);
        out.clear();
        out.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
        while (out.hasRemaining()) {
            ch.write(out, position + out.position());
        }
    }

    /** A failed write may have left part of a record: cuts the segment being written back to {@code end}. */
    void cutBack(long end) {
        if (writer != null) {
            try {
                writer.truncate(end);
            } catch (IOException ignored) {
                // the next open cuts a torn tail off too
            }
        }
    }

    /** Forces the segment being written to the disk; safe from any thread while appends go on. */
    void force() throws IOException {
        FileChannel ch = writer;
        if (ch != null) {
            try {
                ch.force(false);
            } catch (ClosedChannelException e) {
                // rolled over or closed meanwhile: that file was forced before it was let go
            }
        }
    }

    /** Reads the bytes [from, to) of segment {@code number}. */
    ByteBuffer read(long number, long from, long to) throws IOException {
        if (reader == null || reading != number) {
            closeReader();
            reader = FileChannel.open(SpoolFiles.file(dir, number), StandardOpenOption.READ);
            reading = number;
        }
        ByteBuffer chunk = ByteBuffer.allocate((int) (to - from));
        while (chunk.hasRemaining()) {
            if (reader.read(chunk, from + chunk.position()) < 0) {
                throw new IOException("segment " + number + " ends inside a record");
            }
        }
        return chunk;
    }

    /** Closes the reader if it reads segment {@code number} (about to be deleted). */
    void forget(long number) {
        if (reading == number) {
            closeReader();
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only channel
            }
            reader = null;
            reading = -1;
        }
    }

    private void closeWriter() throws IOException {
        FileChannel ch = writer;
        if (ch != null) {
            ch.force(false);
            ch.close();
            writer = null;
            writing = -1;
        }
    }

    @Override
    public void close() throws IOException {
        closeReader();
        closeWriter();
    }
}
