package io.evex.exporters.media.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The segments of one recordings folder, per channel, kept on disk as one JSON line per change in
 * {@code <root>/.recordings/<channel>.jsonl}: {@code open} when a segment starts, {@code file} when
 * it ends (span, size, events), {@code deleted} when retention takes it. Loading replays the lines;
 * a segment opened but never ended (the runtime was killed) is measured from its file, whose
 * fragments play up to the last key frame; a file gone from disk is forgotten. The file is
 * rewritten whole when deleted lines outnumber the living.
 */
final class SegmentIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path dir;
    private final ToLongFunction<Path> measure;
    private final Map<String, Deque<Segment>> byChannel = new LinkedHashMap<>();
    private final Map<String, Integer> tombstones = new LinkedHashMap<>();

    /** @param measure a cut segment's length in ms, read from its file (0 when unreadable) */
    SegmentIndex(Path root, ToLongFunction<Path> measure) {
        this.root = root.toAbsolutePath().normalize();
        this.dir = this.root.resolve(".recordings");
        this.measure = measure;
    }

    Path root() {
        return root;
    }

    /** Reads what earlier runs left. */
    synchronized void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                String name = f.getFileName().toString();
                replay(name.substring(0, name.length() - ".jsonl".length()), f);
            }
        }
    }

    private void replay(String channel, Path file) throws IOException {
        Map<Path, Segment> live = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                continue; // a line cut by a kill
            }
            if (n == null) {
                continue;
            }
            if (n.has("open")) {
                Segment s = new Segment(
                        channel,
                        root.resolve(n.get("open").asText()),
                        n.path("start").asLong());
                s.open = true;
                live.put(s.file, s);
            } else if (n.has("file")) {
                Segment s = new Segment(
                        channel,
                        root.resolve(n.get("file").asText()),
                        n.path("start").asLong());
                s.endMillis = n.path("end").asLong();
                s.bytes = n.path("bytes").asLong();
                s.events = n.path("events").asBoolean();
                s.motion = n.path("motion").asBoolean();
                live.put(s.file, s);
            } else if (n.has("deleted")) {
                live.remove(root.resolve(n.get("deleted").asText()));
            }
        }
        Deque<Segment> kept = new ArrayDeque<>();
        for (Segment s : live.values()) {
            if (!Files.isRegularFile(s.file)) {
                continue;
            }
            if (s.open) { // cut short by a kill: what its fragments hold
                s.open = false;
                s.endMillis = s.startMillis + measure.applyAsLong(s.file);
                s.bytes = Files.size(s.file);
            }
            kept.add(s);
        }
        byChannel.put(channel, kept);
        rewrite(channel); // the cut ones as ended, the gone ones forgotten
    }

    /** A segment starts. */
    synchronized Segment opened(String channel, Path file, long startMillis) {
        Segment s = new Segment(channel, file.toAbsolutePath().normalize(), startMillis);
        s.open = true;
        Deque<Segment> list = byChannel.computeIfAbsent(channel, c -> new ArrayDeque<>());
        list.removeIf(old -> old.file.equals(s.file)); // a file written anew is that file no more
        list.addLast(s);
        append(channel, JSON.createObjectNode().put("open", relative(s.file)).put("start", startMillis));
        return s;
    }

    /** A segment ends. */
    synchronized void closed(Segment s) {
        s.open = false;
        try {
            s.bytes = Files.size(s.file);
        } catch (IOException e) {
            s.bytes = 0;
        }
        append(s.channel, line(s));
    }

    /** Deletes a segment's file and forgets it; false when the file would not go. */
    synchronized boolean delete(Segment s) {
        try {
            Files.deleteIfExists(s.file);
        } catch (IOException e) {
            return false;
        }
        Deque<Segment> list = byChannel.get(s.channel);
        if (list != null) {
            list.remove(s);
        }
        append(s.channel, JSON.createObjectNode().put("deleted", relative(s.file)));
        int dead = tombstones.merge(s.channel, 1, Integer::sum);
        if (list != null && dead > Math.max(64, list.size())) {
            rewrite(s.channel);
        }
        return true;
    }

    /** The channel's segment that holds {@code millis}, newest first (events come for recent ones), or null. */
    synchronized Segment covering(String channel, long millis) {
        Deque<Segment> list = byChannel.get(channel);
        if (list == null) {
            return null;
        }
        for (var it = list.descendingIterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (s.covers(millis)) {
                return s;
            }
            if (s.endMillis < millis - 60_000) {
                return null; // older ones end earlier still
            }
        }
        return null;
    }

    /** The channel's segments, oldest first. */
    synchronized List<Segment> segments(String channel) {
        return new ArrayList<>(byChannel.getOrDefault(channel, new ArrayDeque<>()));
    }

    /** Every channel's segments, each channel's oldest first. */
    synchronized Map<String, List<Segment>> all() {
        Map<String, List<Segment>> out = new LinkedHashMap<>();
        byChannel.forEach((c, list) -> out.put(c, new ArrayList<>(list)));
        return out;
    }

    private ObjectNode line(Segment s) {
        return JSON.createObjectNode()
                .put("file", relative(s.file))
                .put("start", s.startMillis)
                .put("end", s.endMillis)
                .put("bytes", s.bytes)
                .put("events", s.events)
                .put("motion", s.motion);
    }

    private String relative(Path file) {
        return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    }

    private void append(String channel, ObjectNode line) {
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(
                    dir.resolve(channel + ".jsonl"),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(line.toString());
                w.write('\n');
            }
        } catch (IOException e) {
            // a full disk: the index is rebuilt from the next lines and the files at the next start
        }
    }

    /** Writes the channel's index anew: one line per living segment. */
    void rewrite(String channel) {
        Path target = dir.resolve(channel + ".jsonl");
        Path tmp = dir.resolve(channel + ".jsonl.tmp");
        StringBuilder out = new StringBuilder();
        for (Segment s : byChannel.getOrDefault(channel, new ArrayDeque<>())) {
            out.append(
                            s.open
                                    ? JSON.createObjectNode()
                                            .put("open", relative(s.file))
                                            .put("start", s.startMillis)
                                    : line(s))
                    .append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    target,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            tombstones.put(channel, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the recordings index " + target, e);
        }
    }
}
