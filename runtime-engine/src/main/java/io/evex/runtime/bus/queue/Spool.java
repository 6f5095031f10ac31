package io.evex.runtime.bus.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A persistent FIFO of records on disk: the overflow of an exporter's queue (policy {@code spool})
 * and the write-ahead log of a durable one.
 *
 * <p>Records are appended to numbered segment files ({@code 00000000000000000001.seg}, 16 MiB each)
 * as {@code [length][crc32c][bytes]}; a cursor file remembers how far each segment has been
 * delivered, and fully delivered segments are deleted. After a crash the tail is checked and a
 * torn last record is cut off, so the spool always reopens. Writes reach the operating system at
 * once (they survive a killed runtime); {@link #sync} forces them to the disk (they survive a power
 * cut). A write that fails (a full disk) is cut back off the file, so the spool stays readable, and
 * is refused, counted. Events still queued in memory at shutdown are put back in front of the spool
 * in a segment numbered below the others.
 */
public final class Spool implements AutoCloseable {

    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final int HEADER = SpoolFiles.HEADER;

    /** A segment file: its {@code records} in [start, end) are not delivered yet. */
    private static final class Segment {
        long start;
        long end;
        int records;
    }

    private final Path dir;
    private final long maxBytes;
    private final boolean dropOldest;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final RecordLengths lengths = new RecordLengths();
    private final SegmentFiles files;
    private long bytes;
    private long spooled;
    private long replayed;
    private long droppedWhenFull;
    private long refused;
    private String lastFailure;
    private long tornBytes;
    private boolean cursorDirty;
    /** Segment numbers are never given out twice in a run: a cursor saved late must not apply to a newer file. */
    private long nextNumber;

    /**
     * Opens (or creates) the spool in {@code dir}, finding what an earlier run left.
     *
     * @param maxBytes the most the spool may hold on disk
     * @param dropOldest when full, {@link #append} drops the oldest records to make room (else refuses the newest)
     */
    public Spool(Path dir, long maxBytes, boolean dropOldest) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.dropOldest = dropOldest;
        this.files = new SegmentFiles(dir);
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
            nextNumber = segments.isEmpty() ? 1 : segments.lastKey() + 1;
            writeCursor(); // drops lines of segments that are gone: numbers given out from here are never in it
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
            long[] whole = SpoolFiles.walk(ch, segment.start, null, lengths::addLast);
            long pos = whole[0];
            segment.records = (int) whole[1];
            if (pos < ch.size()) {
                tornBytes += ch.size() - pos;
                ch.truncate(pos);
            }
            segment.end = pos;
            segment.start = whole[2]; // a cursor from a crash may point past the end or inside a record
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
     * @return false when this record was refused (full, or the disk refused the write)
     */
    public synchronized boolean append(byte[] record) {
        while (!fits(record.length)) {
            if (!dropOldest || lengths.size() == 0) {
                droppedWhenFull++;
                return false;
            }
            dropOldest();
            droppedWhenFull++;
        }
        return write(record);
    }

    /** Whether a record of {@code length} bytes fits under the spool's cap now. */
    public synchronized boolean fits(int length) {
        return bytes + HEADER + length <= maxBytes;
    }

    /** Removes the oldest record to make room (the caller counts it); returns its length. */
    public synchronized int dropOldest() {
        return advance();
    }

    /**
     * Appends a record whatever the cap (the caller applies it). A write the disk refuses is cut off
     * the file again and counted; {@link #lastFailure} says why.
     *
     * @return false when the disk refused it
     */
    public synchronized boolean write(byte[] record) {
        long need = HEADER + record.length;
        Segment current = segments.get(files.writing());
        try {
            if (current == null || current.end + need > SEGMENT_BYTES && current.end > 0) {
                long next = nextNumber++;
                current = new Segment();
                current.end = files.startSegment(next);
                current.start = current.end;
                segments.put(next, current);
            }
            files.append(current.end, record);
        } catch (IOException e) {
            refused++;
            lastFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            if (current != null) {
                files.cutBack(current.end);
            }
            return false;
        }
        current.end += need;
        current.records++;
        lengths.addLast(record.length);
        bytes += need;
        spooled++;
        lastFailure = null;
        return true;
    }

    /**
     * Forces what was written to the disk (group commit: a caller does it every few milliseconds,
     * not per record) and saves the cursor when it moved. Safe from any thread.
     */
    public void sync() throws IOException {
        synchronized (this) {
            if (cursorDirty) {
                writeCursor();
            }
        }
        force();
    }

    /** Forces the records written so far to the disk, outside the lock: publishers keep appending meanwhile. */
    public void force() throws IOException {
        files.force();
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
        try {
            files.writeSegment(number, front);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool in " + dir + ": " + e.getMessage(), e);
        }
        Segment s = new Segment();
        for (int i = front.size() - 1; i >= 0; i--) {
            lengths.addFirst(front.get(i).length);
            s.end += HEADER + front.get(i).length;
        }
        s.records = front.size();
        spooled += front.size();
        segments.put(number, s);
        bytes += s.end;
        writeCursor(); // the number may have been used (and deleted) earlier in this run
    }

    /** The folder the spool keeps its files in. */
    public Path dir() {
        return dir;
    }

    public synchronized boolean isEmpty() {
        return lengths.size() == 0;
    }

    /** Records not yet delivered. */
    public synchronized long size() {
        return lengths.size();
    }

    /** Bytes on disk not yet delivered. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The oldest records, at most {@code max}: {@link #peek(int, int)} with nothing skipped. */
    public synchronized List<byte[]> peek(int max) {
        return peek(0, max);
    }

    /**
     * Up to {@code max} records after the {@code skip} oldest, left in place: {@link #commit} removes
     * them once delivered, so a crash in between delivers them again (at least once). Each segment's
     * share is read with one read.
     */
    public synchronized List<byte[]> peek(int skip, int max) {
        List<byte[]> found = new ArrayList<>();
        int index = 0;
        try {
            for (var e : segments.entrySet()) {
                Segment s = e.getValue();
                if (index + s.records <= skip) {
                    index += s.records;
                    continue;
                }
                long pos = s.start;
                for (; index < skip; index++) {
                    pos += HEADER + lengths.get(index);
                }
                int first = index;
                long to = pos;
                while (found.size() + (index - first) < max && index < lengths.size() && to < s.end) {
                    to += HEADER + lengths.get(index++);
                }
                readRecords(e.getKey(), pos, to, first, index, found);
                if (found.size() >= max) {
                    break;
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void readRecords(long segment, long from, long to, int first, int last, List<byte[]> found)
            throws IOException {
        ByteBuffer chunk = files.read(segment, from, to);
        int at = 0;
        for (int i = first; i < last; i++) {
            int length = lengths.get(i);
            byte[] r = new byte[length];
            System.arraycopy(chunk.array(), at + HEADER, r, 0, length);
            found.add(r);
            at += HEADER + length;
        }
    }

    /** Removes the {@code n} oldest records (delivered) and saves the cursor. */
    public synchronized void commit(int n) {
        commit(n, true);
    }

    /**
     * Removes the {@code n} oldest records (delivered). With {@code saveNow} false the cursor is
     * saved by the next {@link #sync}: a crash before it delivers those records again, no more.
     */
    public synchronized void commit(long n, boolean saveNow) {
        for (long i = 0; i < n && lengths.size() > 0; i++) {
            advance();
            replayed++;
        }
        cursorDirty = true;
        if (saveNow) {
            writeCursor();
        }
    }

    /**
     * Deletes the oldest segment file that is not being written to, freeing its disk space (a full
     * disk); the caller counts its records.
     *
     * @return how many records it held (0 when only the segment being written is left)
     */
    public synchronized int dropOldestSegment() {
        var oldest = segments.firstEntry();
        if (oldest == null || oldest.getKey() == files.writing()) {
            return 0;
        }
        int n = oldest.getValue().records;
        for (int i = 0; i < n; i++) {
            advance();
        }
        removeIfDone(oldest.getKey());
        cursorDirty = true;
        return n;
    }

    /** Moves past the oldest record; deletes its segment once nothing in it is left. Returns its length. */
    private int advance() {
        var oldest = segments.firstEntry();
        while (oldest.getValue().records == 0) {
            removeIfDone(oldest.getKey());
            oldest = segments.higherEntry(oldest.getKey());
        }
        Segment s = oldest.getValue();
        int length = lengths.removeFirst();
        s.start += HEADER + length;
        s.records--;
        bytes -= HEADER + length;
        removeIfDone(oldest.getKey());
        return length;
    }

    private void removeIfDone(long number) {
        Segment s = segments.get(number);
        if (s != null && s.records == 0 && number != files.writing()) {
            files.forget(number);
            try {
                Files.deleteIfExists(file(number));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete a delivered spool segment in " + dir, e);
            }
            segments.remove(number);
        }
    }

    private void writeCursor() {
        Map<Long, Long> starts = new TreeMap<>();
        segments.forEach((n, segment) -> starts.put(n, segment.start));
        try {
            SpoolFiles.saveCursor(dir, starts);
            cursorDirty = false;
        } catch (IOException e) {
            // a stale cursor only delivers some records again; the next sync tries once more
            lastFailure = "cannot save the spool cursor: " + e.getMessage();
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

    /** Writes the disk refused (a full disk, an I/O error). */
    public synchronized long refused() {
        return refused;
    }

    /** Why the last write failed, or null when it succeeded. */
    public synchronized String lastFailure() {
        return lastFailure;
    }

    @Override
    public synchronized void close() {
        try {
            files.close();
        } catch (IOException e) {
            lastFailure = "cannot close the spool: " + e.getMessage();
        }
        writeCursor();
    }
}
