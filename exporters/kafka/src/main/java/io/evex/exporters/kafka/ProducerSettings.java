package io.evex.exporters.kafka;

import io.evex.api.ExportException;
import io.evex.api.PermanentExportException;
import io.evex.api.Settings;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client's configuration made from the exporter's settings (delivery, batching, TLS, SASL
 * with secrets read from the environment and never logged), and the class loader the client needs
 * while it is built.
 */
final class ProducerSettings {

    private ProducerSettings() {}

    /** The producer's configuration from the exporter's settings; secrets from the environment. */
    static Properties properties(String name, Settings s) throws ExportException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.getString("bootstrap"));
        p.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                s.getString("client_id").isEmpty() ? "evex-" + name : s.getString("client_id"));
        p.put(ProducerConfig.ACKS_CONFIG, s.getString("acks"));
        p.put(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                Boolean.toString(s.getString("acks").equals("all")));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.getString("compression"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(s.getLong("linger_ms")));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(s.getLong("batch_bytes")));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(s.getLong("max_block_ms")));
        long delivery = s.getLong("delivery_timeout_ms");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        // Kafka wants delivery >= linger + request time-out.
        long request = Math.max(500, Math.min(30_000, (delivery - s.getLong("linger_ms")) / 2));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // the most idempotence keeps in order
        String security = s.getString("security");
        p.put("security.protocol", security);
        if (security.startsWith("SASL")) {
            String mechanism = s.getString("sasl_mechanism");
            String user = env(s.getString("username_env"), "username_env");
            String password = env(s.getString("password_env"), "password_env");
            String module = mechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.mechanism", mechanism);
            p.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + quote(user) + "\" password=\"" + quote(password) + "\";");
        }
        if (security.endsWith("SSL")) {
            if (!s.getString("ssl_ca_file").isEmpty()) {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.location", s.getString("ssl_ca_file"));
            }
            if (!s.getBoolean("ssl_verify_host")) {
                p.put("ssl.endpoint.identification.algorithm", "");
            }
        }
        return p;
    }

    /**
     * Runs {@code make} with this plugin's class loader as the thread's context loader: the Kafka
     * client loads classes named in its configuration (SASL login modules) through it.
     */
    static <T> T inPluginLoader(Supplier<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaExporter.class.getClassLoader());
        try {
            return make.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static String env(String variable, String setting) throws ExportException {
        if (variable.isEmpty()) {
            throw new PermanentExportException(setting + " must name the environment variable that holds it");
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new PermanentExportException(setting + ": the environment variable " + variable + " is not set");
        }
        return value;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
