package io.evex.runtime.clips;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips of each channel on disk: {@code <folder>/<channel>/<id>.mp4}, its snapshot {@code
 * <id>.jpg} and its {@code clip} event {@code <id>.json}, which is what lists them again after a
 * restart. Ids are the clip's start in UTC ({@code 20261203-101500-250}): sorted by time, safe in a
 * URL and a file name.
 */
final class ClipStore {

    private static final Logger LOG = LoggerFactory.getLogger(ClipStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a clip's id looks like; anything else in a request is refused before touching a file. */
    static final Pattern ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9]{3}(-[0-9]+)?");

    private final Map<String, Path> folders = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<String, ObjectNode>> clips = new ConcurrentHashMap<>();

    /** The clips of {@code channel} in {@code folder}, read from disk the first time. */
    private NavigableMap<String, ObjectNode> of(String channel, Path folder) {
        Path dir = folder.resolve(channel);
        Path known = folders.put(channel, dir);
        if (!dir.equals(known)) {
            clips.put(channel, load(dir));
        }
        return clips.get(channel);
    }

    private static NavigableMap<String, ObjectNode> load(Path dir) {
        NavigableMap<String, ObjectNode> found = new ConcurrentSkipListMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                String id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : "";
                if (ID.matcher(id).matches() && Files.exists(dir.resolve(id + ".mp4"))) {
                    try {
                        found.put(id, (ObjectNode) JSON.readTree(f.toFile()));
                    } catch (IOException | ClassCastException e) {
                        LOG.warn("clip {} is not listed: {} is unreadable ({})", id, f, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("clips in {} are not listed: {}", dir, e.getMessage());
        }
        return found;
    }

    /** The folder a new clip of {@code channel} goes to (made if missing), and an id free in it. */
    Path folder(String channel, Path folder) throws IOException {
        of(channel, folder);
        Path dir = folder.resolve(channel);
        Files.createDirectories(dir);
        return dir;
    }

    /** An id for a clip starting at {@code id}'s time, unused in the channel's folder. */
    String free(String channel, String id) {
        NavigableMap<String, ObjectNode> known = clips.getOrDefault(channel, new ConcurrentSkipListMap<>());
        String candidate = id;
        for (int i = 2; known.containsKey(candidate); i++) {
            candidate = id + "-" + i;
        }
        return candidate;
    }

    /** Keeps a written clip: its event beside it, then listed. */
    void add(String channel, Path folder, String id, ObjectNode event) throws IOException {
        Path dir = folder.resolve(channel);
        Path tmp = dir.resolve(id + ".json.part");
        JSON.writeValue(tmp.toFile(), event);
        Files.move(tmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        of(channel, folder).put(id, event);
    }

    /** The channel's clips that end after {@code from} and start before {@code to}, newest first. */
    List<ObjectNode> list(String channel, Path folder, long from, long to, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : of(channel, folder).descendingMap().values()) {
            if (e.path("end_ms").asLong() >= from && e.path("start_ms").asLong() <= to) {
                out.add(e);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The file of a clip ({@code mp4}) or its snapshot ({@code jpg}), when it exists. */
    Optional<Path> file(String channel, Path folder, String id, String extension) {
        if (!ID.matcher(id).matches() || !of(channel, folder).containsKey(id)) {
            return Optional.empty();
        }
        Path f = folder.resolve(channel).resolve(id + "." + extension);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    /** Deletes the channel's clips that ended before {@code before}; returns how many went. */
    int deleteEndedBefore(String channel, Path folder, long before) {
        int gone = 0;
        NavigableMap<String, ObjectNode> known = of(channel, folder);
        for (Map.Entry<String, ObjectNode> e : known.entrySet()) {
            if (e.getValue().path("end_ms").asLong() >= before) {
                continue;
            }
            Path dir = folder.resolve(channel);
            try {
                for (String ext : List.of(".mp4", ".jpg", ".json")) {
                    Files.deleteIfExists(dir.resolve(e.getKey() + ext));
                }
                known.remove(e.getKey());
                gone++;
            } catch (IOException x) {
                LOG.warn("clip {} of channel '{}' could not be deleted: {}", e.getKey(), channel, x.getMessage());
            }
        }
        return gone;
    }
}
