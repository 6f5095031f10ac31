package io.evex.runtime.bus.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A persistent FIFO of records on disk: the overflow of one exporter's queue (policy {@code spool}).
 *
 * <p>Records are appended to numbered segment files ({@code 00000000000000000001.seg}, 16 MiB each)
 * as {@code [length][crc32c][bytes]}; a cursor file remembers how far each segment has been
 * delivered, and fully delivered segments are deleted. After a crash the tail is checked and a
 * torn last record is cut off, so the spool always reopens. Writes go to the operating system at
 * once (they survive a killed runtime); {@code fsync} is left to the OS (a power cut may lose the
 * last seconds). Events still queued in memory at shutdown are put back in front of the spool in a
 * segment numbered below the others.
 */
public final class Spool implements AutoCloseable {

    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final int HEADER = SpoolFiles.HEADER;
    private static final String CURSOR = SpoolFiles.CURSOR;

    /** A segment file: records in [start, end) are not delivered yet. */
    private static final class Segment {
        long start;
        long end;
    }

    private final Path dir;
    private final long maxBytes;
    private final boolean dropOldest;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private FileChannel writer;
    private long writerSegment = -1;
    private FileChannel reader;
    private long readerSegment = -1;
    private long bytes;
    private long records;
    private long spooled;
    private long replayed;
    private long droppedWhenFull;
    private long tornBytes;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);

    /**
     * Opens (or creates) the spool in {@code dir}, finding what an earlier run left.
     *
     * @param maxBytes the most the spool may hold on disk
     * @param dropOldest when full, drop the oldest records to make room (else refuse the newest)
     */
    public Spool(Path dir, long maxBytes, boolean dropOldest) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.dropOldest = dropOldest;
        try {
            Files.createDirectories(dir);
            SpoolFiles.starts(dir).forEach((number, start) -> {
                Segment s = new Segment();
                s.start = start;
                segments.put(number, s);
            });
            for (var e : segments.entrySet()) {
                validate(e.getKey(), e.getValue());
                bytes += e.getValue().end - e.getValue().start;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path file(long segment) {
        return SpoolFiles.file(dir, segment);
    }

    /** Counts the whole records after the segment's start and cuts off a torn tail (a crash mid-write). */
    private void validate(long number, Segment segment) throws IOException {
        try (FileChannel ch = FileChannel.open(file(number), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] whole = SpoolFiles.walk(ch, segment.start, null);
            long pos = whole[0];
            records += whole[1];
            if (pos < ch.size()) {
                tornBytes += ch.size() - pos;
                ch.truncate(pos);
            }
            segment.end = pos;
            segment.start = Math.min(segment.start, pos);
        }
    }

    /** Bytes of a record cut short by a crash, dropped when the spool was opened. */
    public synchronized long tornBytes() {
        return tornBytes;
    }

    /**
     * Appends a record. When the spool is full, drops the oldest records (or this one, per policy),
     * counting each.
     *
     * @return false when this record was refused
     */
    public synchronized boolean append(byte[] record) {
        long need = HEADER + record.length;
        while (bytes + need > maxBytes) {
            if (!dropOldest || records == 0) {
                droppedWhenFull++;
                return false;
            }
            advance();
            droppedWhenFull++;
        }
        try {
            Segment current = writer == null ? null : segments.get(writerSegment);
            if (current == null || current.end + need > SEGMENT_BYTES && current.end > 0) {
                long next = segments.isEmpty() ? 1 : segments.lastKey() + 1;
                if (writer != null) {
                    writer.close();
                }
                writer = FileChannel.open(file(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                writerSegment = next;
                current = new Segment();
                current.end = writer.size();
                current.start = current.end;
                segments.put(next, current);
            }
            write(writer, current.end, record);
            current.end += need;
            bytes += need;
            records++;
            spooled++;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(FileChannel ch, long position, byte[] record) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER + record.length);
        crc.reset();
        crc.update(record, 0, record.length);
        buf.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
        while (buf.hasRemaining()) {
            position += ch.write(buf, position);
        }
    }

    /**
     * Puts records in front of everything spooled, in the given order: events still queued in
     * memory at shutdown, which are older than the spool's.
     */
    public synchronized void prepend(List<byte[]> front) {
        if (front.isEmpty()) {
            return;
        }
        long number = segments.isEmpty() ? 0 : segments.firstKey() - 1;
        try (FileChannel ch = FileChannel.open(
                file(number),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Segment s = new Segment();
            for (byte[] r : front) {
                write(ch, s.end, r);
                s.end += HEADER + r.length;
                records++;
                spooled++;
            }
            segments.put(number, s);
            bytes += s.end;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The folder the spool keeps its files in. */
    public Path dir() {
        return dir;
    }

    public synchronized boolean isEmpty() {
        return records == 0;
    }

    /** Records not yet delivered. */
    public synchronized long size() {
        return records;
    }

    /** Bytes on disk not yet delivered. */
    public synchronized long bytes() {
        return bytes;
    }

    /**
     * The oldest records, at most {@code max}, left in place: {@link #commit} removes them once
     * delivered, so a crash in between delivers them again (at least once).
     */
    public synchronized List<byte[]> peek(int max) {
        List<byte[]> out = new ArrayList<>();
        try {
            for (var e : segments.entrySet()) {
                Segment s = e.getValue();
                long pos = s.start;
                while (out.size() < max && pos < s.end) {
                    byte[] r = readAt(e.getKey(), pos);
                    out.add(r);
                    pos += HEADER + r.length;
                }
                if (out.size() >= max) {
                    break;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The length of the record at {@code pos}: only its header is read (dropping or committing needs no body). */
    private int lengthAt(long segment, long pos) throws IOException {
        if (reader == null || readerSegment != segment) {
            closeReader();
            reader = FileChannel.open(file(segment), StandardOpenOption.READ);
            readerSegment = segment;
        }
        header.clear();
        reader.read(header, pos);
        return header.getInt(0);
    }

    private byte[] readAt(long segment, long pos) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(lengthAt(segment, pos));
        while (body.hasRemaining()) {
            if (reader.read(body, pos + HEADER + body.position()) < 0) {
                throw new IOException("segment " + segment + " ends inside a record");
            }
        }
        return body.array();
    }

    /** Removes the {@code n} oldest records (delivered) and saves the cursor. */
    public synchronized void commit(int n) {
        for (int i = 0; i < n && records > 0; i++) {
            advance();
            replayed++;
        }
        writeCursor();
    }

    /** Moves past the oldest record; deletes its segment once nothing in it is left to deliver. */
    private void advance() {
        try {
            var oldest = segments.firstEntry();
            while (oldest.getValue().start >= oldest.getValue().end) {
                removeIfDone(oldest.getKey());
                oldest = segments.higherEntry(oldest.getKey());
            }
            Segment s = oldest.getValue();
            long length = HEADER + lengthAt(oldest.getKey(), s.start);
            s.start += length;
            bytes -= length;
            records--;
            removeIfDone(oldest.getKey());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot advance the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void removeIfDone(long number) throws IOException {
        Segment s = segments.get(number);
        if (s != null && s.start >= s.end && number != writerSegment) {
            if (readerSegment == number) {
                closeReader();
            }
            Files.deleteIfExists(file(number));
            segments.remove(number);
        }
    }

    private void writeCursor() {
        StringBuilder sb = new StringBuilder();
        segments.forEach((n, s) -> {
            if (s.start > 0) {
                sb.append(n).append(' ').append(s.start).append('\n');
            }
        });
        try {
            Path tmp = dir.resolve(CURSOR + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the spool cursor in " + dir + ": " + e.getMessage(), e);
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
            readerSegment = -1;
        }
    }

    /** Records written to the spool so far. */
    public synchronized long spooled() {
        return spooled;
    }

    /** Records delivered from the spool so far. */
    public synchronized long replayed() {
        return replayed;
    }

    /** Records lost because the spool was full. */
    public synchronized long droppedWhenFull() {
        return droppedWhenFull;
    }

    @Override
    public synchronized void close() {
        closeReader();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeCursor();
    }
}
