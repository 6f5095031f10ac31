package io.evex.exporters.mqtt;

import io.evex.api.Settings;
import io.evex.api.SettingsException;
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
        String host,
        int port,
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
        boolean tls,
        Path caFile,
        Path certFile,
        Path keyFile,
        boolean tlsVerify,
        int maxInflight,
        int connectTimeoutMs,
        long reconnectMaxMs,
        String statusTopic) {

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
        return new MqttSettings(
                s.getString("host"),
                s.getInt("port"),
                !"3.1.1".equals(s.getString("protocol")),
                s.getString("topic"),
                overrides,
                s.getInt("qos"),
                s.getBoolean("retain"),
                clientId,
                s.getBoolean("clean_start"),
                s.getLong("session_expiry_s"),
                s.getInt("keep_alive_s"),
                username.isEmpty() ? null : username,
                password.isEmpty() ? null : password.toCharArray(),
                s.getBoolean("tls"),
                file(s, "ca_file", workDir),
                file(s, "cert_file", workDir),
                file(s, "key_file", workDir),
                s.getBoolean("tls_verify"),
                s.getInt("max_inflight"),
                s.getInt("connect_timeout_ms"),
                s.getLong("reconnect_max_ms"),
                s.getString("status_topic"));
    }

    private static String env(String variable, String setting) throws SettingsException {
        String value = System.getenv(variable);
        if (value == null) {
            throw new SettingsException(
                    List.of("setting '" + setting + "': environment variable " + variable + " is not set"));
        }
        return value;
    }

    private static Path file(Settings s, String key, Path workDir) throws SettingsException {
        String value = s.getString(key);
        if (value.isEmpty()) {
            return null;
        }
        Path p = workDir.resolve(value);
        if (!java.nio.file.Files.isReadable(p)) {
            throw new SettingsException(List.of("setting '" + key + "': cannot read " + p));
        }
        return p;
    }

    /** The broker's URI for Paho. */
    String uri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    @Override
    public String toString() {
        return "mqtt " + (mqtt5 ? "5" : "3.1.1") + " " + uri() + " as " + clientId
                + (username == null ? "" : " (user " + username + ")");
    }
}
