package io.evex.runtime.cluster;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's cluster: the Kafka cluster ({@code bootstrap}), the group of Evex nodes sharing channels
 * ({@code group}: also the prefix of its topics), this node's stable id (static group membership: a
 * node that restarts within the session time-out gets its channels back without a rebalance), the
 * partitions of the channel topic (many more than nodes, so channels spread) and the session time-out
 * (how long a silent node keeps its channels).
 */
public record ClusterSettings(String bootstrap, String group, String node, int partitions, int sessionTimeoutMs) {

    private static final List<String> KEYS = List.of("bootstrap", "group", "node", "partitions", "session_timeout_ms");

    public ClusterSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("cluster: bootstrap=HOST:PORT is needed");
        }
        if (group == null || !group.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "cluster: group must be 1-100 letters, digits or ._- (it names topics), not '" + group + "'");
        }
        if (node == null || !node.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "cluster: node must be 1-100 letters, digits or ._-, not '" + node + "'");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("cluster: partitions must be 1 to 10000, not " + partitions);
        }
        if (sessionTimeoutMs < 6_000 || sessionTimeoutMs > 300_000) {
            throw new IllegalArgumentException(
                    "cluster: session_timeout_ms must be 6000 to 300000 (the broker's limits), not "
                            + sessionTimeoutMs);
        }
    }

    /** {@code kafka:bootstrap=HOST:PORT,group=NAME[,node=ID][,partitions=N][,session_timeout_ms=N]}. */
    public static ClusterSettings parse(String option) {
        if (!option.startsWith("kafka:")) {
            throw new IllegalArgumentException(
                    "--cluster takes kafka:bootstrap=HOST:PORT,group=NAME, not '" + option + "'");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : option.substring(6).split(",")) {
            String[] p = part.split("=", 2);
            if (p.length != 2 || p[0].isBlank()) {
                throw new IllegalArgumentException("--cluster: '" + part + "' is not key=value");
            }
            kv.put(p[0].trim(), p[1].trim());
        }
        return of(kv, "--cluster");
    }

    /**
     * From its keys, as {@code --cluster} or the configuration's {@code cluster} block gives them;
     * {@code where} names that place in problems.
     */
    public static ClusterSettings of(Map<String, String> kv, String where) {
        for (String key : kv.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "' (" + String.join(", ", KEYS) + ")");
            }
        }
        try {
            return new ClusterSettings(
                    kv.get("bootstrap"),
                    kv.getOrDefault("group", "evex"),
                    kv.getOrDefault("node", defaultNode()),
                    Integer.parseInt(kv.getOrDefault("partitions", "24")),
                    Integer.parseInt(kv.getOrDefault("session_timeout_ms", "10000")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + ": partitions and session_timeout_ms are numbers: " + e.getMessage());
        }
    }

    /** This host's name: stable across restarts, so the node gets its channels back. */
    static String defaultNode() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (java.net.UnknownHostException e) {
            return "evex-node";
        }
    }

    /** The compacted topic of channel definitions, keyed by channel name. */
    public String channelsTopic() {
        return group + ".channels";
    }

    /** The compacted topic of node status records, keyed by node id. */
    public String nodesTopic() {
        return group + ".nodes";
    }
}
