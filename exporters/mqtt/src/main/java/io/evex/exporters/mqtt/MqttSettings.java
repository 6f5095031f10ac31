package io.evex.exporters.mqtt;

import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.tls.TlsSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MQTT exporter's settings, checked. Credentials may come from environment variables
 * ({@code username_env}, {@code password_env}) so they need not sit in a configuration file;
 * they are never logged.
 */
record MqttSettings(
        List<String> servers,
        boolean mqtt5,
        String topic,
        Map<String, String> topicsByType,
        int qos,
        boolean retain,
        String clientId,
        boolean cleanStart,
        long sessionExpirySeconds,
        int keepAliveSeconds,
        String username,
        char[] password,
        TlsSettings tls,
        int maxInFlight,
        int connectTimeoutMs,
        long reconnectMaxMs,
        String statusTopic,
        HomeAssistantSettings homeAssistant) {

    static MqttSettings from(Settings s, String exporterName, Path workDir) throws SettingsException {
        String username = s.getString("username");
        if (!s.getString("username_env").isEmpty()) {
            username = env(s.getString("username_env"), "username_env");
        }
        String password = s.getString("password");
        if (!s.getString("password_env").isEmpty()) {
            password = env(s.getString("password_env"), "password_env");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String entry : s.getString("topics").split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new SettingsException(List.of("setting 'topics': '" + entry.trim()
                        + "' must be type=topic, e.g. event-motion=alerts/{obj.channel}"));
            }
            overrides.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        String clientId = s.getString("client_id");
        if (clientId.isEmpty()) {
            clientId = "evex-" + exporterName + "-" + ProcessHandle.current().pid();
        }
        HomeAssistantSettings ha = homeAssistant(s);
        String status = s.getString("status_topic");
        if (ha.enabled() && status.isEmpty()) {
            status = "evex/" + Ids.of(ha.node()) + "/status"; // Home Assistant's availability, with a Last Will
        }
        return new MqttSettings(
                servers(s.getString("servers")),
                !"3.1.1".equals(s.getString("protocol")),
                s.getString("topic"),
                overrides,
                s.getInt("qos"),
                s.getBoolean("retain"),
                clientId,
                s.getBoolean("clean_start"),
                s.getDuration("session_expiry").toSeconds(),
                Math.toIntExact(s.getDuration("keep_alive").toSeconds()),
                username.isEmpty() ? null : username,
                password.isEmpty() ? null : password.toCharArray(),
                TlsSettings.from(s, workDir),
                s.getInt("max_in_flight"),
                Math.toIntExact(s.getDuration("connect_timeout").toMillis()),
                s.getDuration("reconnect_max").toMillis(),
                status,
                ha);
    }

    /** {@code home_assistant} and its keys; the node id is the host name unless given. */
    private static HomeAssistantSettings homeAssistant(Settings s) throws SettingsException {
        if (!s.getBoolean("home_assistant")) {
            return HomeAssistantSettings.OFF;
        }
        String prefix = s.getString("discovery_prefix").trim();
        if (prefix.isEmpty() || prefix.contains("#") || prefix.contains("+")) {
            throw new SettingsException(List.of("setting 'discovery_prefix': '" + prefix
                    + "' must be a topic without wildcards, e.g. homeassistant"));
        }
        String node = s.getString("node_id").trim();
        if (node.isEmpty()) {
            try {
                node = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                node = "evex";
            }
        }
        return new HomeAssistantSettings(true, prefix, node, s.getDuration("snapshot_every"));
    }

    private static String env(String variable, String setting) throws SettingsException {
        String value = System.getenv(variable);
        if (value == null) {
            throw new SettingsException(
                    List.of("setting '" + setting + "': environment variable " + variable + " is not set"));
        }
        return value;
    }

    /** {@code host:port} entries (a bare host gets 1883, or 8883 with TLS at connect time). */
    private static List<String> servers(String list) throws SettingsException {
        List<String> servers = new java.util.ArrayList<>();
        for (String entry : list.split(",")) {
            String server = entry.trim().replaceFirst("^(tcp|ssl|mqtt|mqtts)://", "");
            if (server.isEmpty()) {
                continue;
            }
            int colon = server.lastIndexOf(':');
            if (colon > 0) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new SettingsException(List.of("setting 'servers': '" + entry.trim() + "' must be host:port"));
                }
            }
            servers.add(server);
        }
        if (servers.isEmpty()) {
            throw new SettingsException(List.of("setting 'servers': name at least one broker as host:port"));
        }
        return List.copyOf(servers);
    }

    /** The first broker's URI for Paho. */
    String uri() {
        return uris()[0];
    }

    /** Every broker's URI: Paho tries them in turn when one is down. */
    String[] uris() {
        return servers.stream()
                .map(server -> (tls.enabled() ? "ssl://" : "tcp://")
                        + server
                        + (server.lastIndexOf(':') > 0 ? "" : tls.enabled() ? ":8883" : ":1883"))
                .toArray(String[]::new);
    }

    boolean tlsVerify() {
        return tls.verifyHost();
    }

    @Override
    public String toString() {
        return "mqtt " + (mqtt5 ? "5" : "3.1.1") + " " + uri() + " as " + clientId
                + (username == null ? "" : " (user " + username + ")");
    }
}
