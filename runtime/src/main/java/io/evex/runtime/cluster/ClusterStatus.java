package io.evex.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every node last said of itself ({@code evex cluster status}): read from the node topic. */
public final class ClusterStatus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterStatus() {}

    /** Per node id, its last status record ({@code node}, {@code state}, {@code channels}, {@code updated_ms}, {@code load}). */
    public static Map<String, JsonNode> read(ClusterSettings settings) {
        ClusterTopics.ensure(settings);
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        new CompactedTopic(settings, settings.nodesTopic()).read().forEach((node, value) -> {
            try {
                nodes.put(node, JSON.readTree(value));
            } catch (IOException e) {
                // a record not of ours: skipped
            }
        });
        return nodes;
    }

    /** Whether a node's record is recent enough that it is running (three heartbeats). */
    public static boolean alive(JsonNode status, long nowMillis) {
        return status.path("state").asText().equals("up")
                && nowMillis - status.path("updated_ms").asLong() < 3 * ClusterNode.HEARTBEAT_MS + 1000;
    }
}
