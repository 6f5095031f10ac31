package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.state.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups of channels (a site, a customer, an AI engine's cameras), kept across restarts in
 * {@code <state>/groups.json}. A group's token (see {@code TokenStore}) reaches exactly the channels
 * in the group at the time of each request.
 */
public final class GroupStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A group: its id, name and channels. */
    public record Group(String id, String name, Set<String> channels) {}

    private final Path file;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    public GroupStore(Path stateDir) {
        this.file = stateDir.resolve("groups.json");
        load();
    }

    public synchronized Group create(String name, List<String> channels) {
        byte[] id = new byte[5];
        RANDOM.nextBytes(id);
        Group g = new Group("g" + HexFormat.of().formatHex(id), name, new LinkedHashSet<>(channels));
        groups.put(g.id(), g);
        save();
        return copy(g);
    }

    /** The group, or null. */
    public synchronized Group get(String id) {
        Group g = groups.get(id);
        return g == null ? null : copy(g);
    }

    public synchronized List<Group> all() {
        return groups.values().stream().map(GroupStore::copy).toList();
    }

    /** The channels of group {@code id} now; empty for no such group. */
    public synchronized Set<String> members(String id) {
        Group g = groups.get(id);
        return g == null ? Set.of() : Set.copyOf(g.channels());
    }

    /** Adds or removes a channel; false when the group does not exist. */
    public synchronized boolean change(String id, String channel, boolean add) {
        Group g = groups.get(id);
        if (g == null) {
            return false;
        }
        if (add) {
            g.channels().add(channel);
        } else {
            g.channels().remove(channel);
        }
        save();
        return true;
    }

    public synchronized boolean delete(String id) {
        boolean gone = groups.remove(id) != null;
        save();
        return gone;
    }

    private static Group copy(Group g) {
        return new Group(g.id(), g.name(), new LinkedHashSet<>(g.channels()));
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (JsonNode n : JSON.readTree(file.toFile()).path("groups")) {
                Set<String> channels = new LinkedHashSet<>();
                n.path("channels").forEach(c -> channels.add(c.asText()));
                groups.put(
                        n.path("id").asText(),
                        new Group(n.path("id").asText(), n.path("name").asText(), channels));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    file + " cannot be read (" + e.getMessage() + "); move it away to start afresh");
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("groups");
        for (Group g : groups.values()) {
            ObjectNode o = list.addObject().put("id", g.id()).put("name", g.name());
            ArrayNode channels = o.putArray("channels");
            g.channels().forEach(channels::add);
        }
        try {
            StateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
