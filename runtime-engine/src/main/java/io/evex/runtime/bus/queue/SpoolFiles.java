package io.evex.runtime.bus.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * The spool's files as they are on disk, read without changing them: what {@link Spool} reopens
 * (and repairs) at start, and what {@code evex spool} shows while the runtime may be writing them.
 */
public final class SpoolFiles {

    static final int HEADER = 8;
    static final String CURSOR = "cursor";

    /** What a spool folder holds: records not delivered yet, their bytes, a torn tail, the oldest record. */
    public record Summary(Path dir, long records, long bytes, long tornBytes, byte[] oldest) {}

    private SpoolFiles() {}

    /** Where each segment's undelivered records start, by segment number. */
    static TreeMap<Long, Long> starts(Path dir) throws IOException {
        TreeMap<Long, Long> starts = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                starts.put(Long.parseLong(n.substring(0, n.length() - 4)), 0L);
            }
        }
        Path cursor = dir.resolve(CURSOR);
        if (Files.exists(cursor)) {
            for (String line : Files.readAllLines(cursor, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && starts.containsKey(Long.parseLong(parts[0]))) {
                    starts.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                }
            }
        }
        return starts;
    }

    /**
     * Saves where each segment's undelivered records start (segments read from their beginning are
     * left out), replacing the cursor at once so that a crash leaves the old one or the new one.
     */
    static void saveCursor(Path dir, Map<Long, Long> starts) throws IOException {
        StringBuilder sb = new StringBuilder();
        starts.forEach((n, start) -> {
            if (start > 0) {
                sb.append(n).append(' ').append(start).append('\n');
            }
        });
        Path tmp = dir.resolve(CURSOR + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Path file(Path dir, long segment) {
        return dir.resolve(String.format("%020d.seg", segment));
    }

    /**
     * Walks the whole records of a segment: returns {where they end, how many from {@code start},
     * where the first of those begins (a record boundary even when {@code start} is not)};
     * a record cut short or failing its checksum ends the walk. {@code first} gets the first record
     * at or after {@code start}, when asked for, and {@code lengths} (when not null) the length of
     * each of those records.
     */
    static long[] walk(FileChannel ch, long start, byte[][] first, IntConsumer lengths) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        CRC32C crc = new CRC32C();
        long size = ch.size();
        long pos = 0;
        long records = 0;
        long firstAt = -1;
        while (pos + HEADER <= size) {
            header.clear();
            ch.read(header, pos);
            int length = header.getInt(0);
            if (length < 0 || pos + HEADER + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            ch.read(body, pos + HEADER);
            crc.reset();
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != header.getInt(4)) {
                break;
            }
            if (pos >= start) {
                if (records == 0) {
                    firstAt = pos;
                }
                records++;
                if (lengths != null) {
                    lengths.accept(length);
                }
                if (first != null && first[0] == null) {
                    first[0] = body.array();
                }
            }
            pos += HEADER + length;
        }
        return new long[] {pos, records, firstAt < 0 ? pos : firstAt};
    }

    /** The spool in {@code dir}, read only. */
    public static Summary inspect(Path dir) throws IOException {
        long records = 0;
        long bytes = 0;
        long torn = 0;
        byte[][] oldest = new byte[1][];
        for (Map.Entry<Long, Long> e : starts(dir).entrySet()) {
            try (FileChannel ch = FileChannel.open(file(dir, e.getKey()), StandardOpenOption.READ)) {
                long[] w = walk(ch, e.getValue(), oldest, null);
                records += w[1];
                bytes += w[0] - w[2];
                torn += ch.size() - w[0];
            }
        }
        return new Summary(dir, records, bytes, torn, oldest[0]);
    }
}
