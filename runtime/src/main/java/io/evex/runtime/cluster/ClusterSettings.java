package io.evex.runtime.cluster;

import io.evex.api.Durations;
import io.evex.api.Former;
import io.evex.api.SettingsException;
import io.evex.api.SettingsSpec;
import io.evex.api.kafka.KafkaSecurity;
import io.evex.api.tls.TlsSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cluster: the Kafka cluster ({@code servers}), the group of Evex nodes sharing channels
 * ({@code group}: also the prefix of its topics), this node's stable id (static group membership: a
 * node that restarts within the session time-out gets its channels back without a rebalance), the
 * partitions of the channel topic (many more than nodes, so channels spread) and the session time-out
 * (how long a silent node keeps its channels), and how its clients sign in ({@code tls},
 * {@code sasl_mechanism}, {@code username_env}, {@code password_env}: the {@code kafka} exporter's
 * names), as Kafka client properties.
 */
public record ClusterSettings(
        String servers, String group, String node, int partitions, int sessionTimeoutMs, Map<String, String> security) {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSettings.class);
    private static final List<String> KEYS = List.of("servers", "group", "node", "partitions", "session_timeout");
    private static final SettingsSpec SECURITY = SettingsSpec.of(KafkaSecurity.SASL_SETTINGS, TlsSettings.SETTINGS);

    /** The former names: {@code bootstrap}, {@code session_timeout_ms}. */
    public static final List<Former> FORMERS = List.of(
            Former.converted(
                    "bootstrap", "servers", v -> List.of(String.valueOf(v).split("\\s*,\\s*"))),
            Former.millis("session_timeout_ms", "session_timeout"));

    /** A cluster without TLS or SASL. */
    public ClusterSettings(String servers, String group, String node, int partitions, int sessionTimeoutMs) {
        this(servers, group, node, partitions, sessionTimeoutMs, Map.of("security.protocol", "PLAINTEXT"));
    }

    /** Without the sign-in properties' values: a log or an error may show this. */
    @Override
    public String toString() {
        return "ClusterSettings[servers=" + servers + ", group=" + group + ", node=" + node + ", partitions="
                + partitions + ", session_timeout=" + Durations.ofMillis(sessionTimeoutMs) + ", security="
                + security.getOrDefault("security.protocol", "PLAINTEXT") + "]";
    }

    /** The properties every client of the cluster starts from: the servers and how to sign in. */
    public java.util.Properties client() {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", servers);
        p.putAll(security);
        return p;
    }

    public ClusterSettings {
        security = Map.copyOf(security);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("cluster: servers=HOST:PORT is needed");
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
            throw new IllegalArgumentException("cluster: session_timeout must be 6s to 5m (the broker's limits), not "
                    + Durations.ofMillis(sessionTimeoutMs));
        }
    }

    /**
     * {@code kafka:servers=HOST:PORT[,HOST:PORT],group=NAME[,node=ID][,partitions=N][,session_timeout=10s]}:
     * a part without {@code =} continues the previous value, as in {@code --export}.
     */
    public static ClusterSettings parse(String option) {
        if (!option.startsWith("kafka:")) {
            throw new IllegalArgumentException(
                    "--cluster takes kafka:servers=HOST:PORT,group=NAME, not '" + option + "'");
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        String last = null;
        for (String part : option.substring(6).split(",")) {
            String[] p = part.split("=", 2);
            if (p.length == 1 && last != null) {
                raw.put(last, raw.get(last) + "," + part.trim());
                continue;
            }
            if (p.length != 2 || p[0].isBlank()) {
                throw new IllegalArgumentException("--cluster: '" + part + "' is not key=value");
            }
            last = p[0].trim();
            raw.put(last, p[1].trim());
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (Former former : FORMERS) {
            former.apply(raw).ifPresent(r -> {
                LOG.warn("--cluster: {}", r.advice());
                r.formerKeys().forEach(raw::remove);
                raw.put(
                        r.key(),
                        r.value() instanceof List<?> l
                                ? String.join(
                                        ",", l.stream().map(String::valueOf).toList())
                                : r.value());
            });
        }
        raw.forEach((k, v) -> kv.put(k, String.valueOf(v)));
        return of(kv, "--cluster");
    }

    /**
     * From its keys, as {@code --cluster} or the configuration's {@code cluster} block gives them;
     * {@code where} names that place in problems.
     */
    public static ClusterSettings of(Map<String, String> kv, String where) {
        Map<String, String> signIn = new LinkedHashMap<>();
        for (String key : kv.keySet()) {
            if (SECURITY.settings().stream().anyMatch(s -> s.key().equals(key))) {
                signIn.put(key, kv.get(key));
            } else if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (" + String.join(", ", KEYS)
                        + ", tls.*, sasl_mechanism, username_env, password_env)");
            }
        }
        int partitions;
        try {
            partitions = Integer.parseInt(kv.getOrDefault("partitions", "24"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": partitions is a number, not '" + kv.get("partitions") + "'");
        }
        long session;
        try {
            session = Durations.parse(kv.getOrDefault("session_timeout", "10s")).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": session_timeout: " + e.getMessage());
        }
        return new ClusterSettings(
                kv.get("servers"),
                kv.getOrDefault("group", "evex"),
                kv.getOrDefault("node", defaultNode()),
                partitions,
                (int) Math.min(Integer.MAX_VALUE, session),
                security(signIn, where));
    }

    private static Map<String, String> security(Map<String, String> signIn, String where) {
        try {
            return KafkaSecurity.properties(
                    SECURITY.resolve(signIn), Path.of("").toAbsolutePath(), System::getenv);
        } catch (SettingsException e) {
            throw new IllegalArgumentException(where + ": " + String.join("; ", e.problems()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
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
