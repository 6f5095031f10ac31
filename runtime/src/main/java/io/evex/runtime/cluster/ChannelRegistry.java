package io.evex.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster's channel definitions ({@code evex channels put|delete|list}): one record per channel
 * in the compacted channel topic, keyed by its name, the value the channel's entry as a
 * configuration file writes it; a delete is a tombstone. The nodes owning the key's partition start,
 * restart or stop the channel.
 */
public final class ChannelRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompactedTopic topic;

    public ChannelRegistry(ClusterSettings settings) {
        ClusterTopics.ensure(settings);
        this.topic = new CompactedTopic(settings, settings.channelsTopic());
    }

    /** Writes a channel's definition (its {@code name} is the key). */
    public void put(JsonNode entry) {
        String name = entry.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a channel needs a name");
        }
        try {
            topic.put(name, JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String name) {
        topic.put(name, null);
    }

    /** Every channel defined now, by name. */
    public Map<String, JsonNode> list() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        topic.read().forEach((name, value) -> {
            try {
                out.put(name, JSON.readTree(value));
            } catch (IOException e) {
                out.put(
                        name,
                        JSON.getNodeFactory().textNode(new String(value, java.nio.charset.StandardCharsets.UTF_8)));
            }
        });
        return out;
    }
}
