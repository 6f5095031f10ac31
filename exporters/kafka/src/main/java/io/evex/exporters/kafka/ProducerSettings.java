package io.evex.exporters.kafka;

import io.evex.api.ExportException;
import io.evex.api.PermanentExportException;
import io.evex.api.Settings;
import io.evex.api.kafka.KafkaSecurity;
import java.nio.file.Path;
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
    static Properties properties(String name, Settings s, Path workDir) throws ExportException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.getString("servers"));
        p.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                s.getString("client_id").isEmpty() ? "evex-" + name : s.getString("client_id"));
        p.put(ProducerConfig.ACKS_CONFIG, s.getString("acks"));
        p.put(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                Boolean.toString(s.getString("acks").equals("all")));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.getString("compression"));
        long linger = s.getDuration("linger").toMillis();
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(s.getLong("batch_bytes")));
        p.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                Long.toString(s.getDuration("max_block").toMillis()));
        long delivery = s.getDuration("delivery_timeout").toMillis();
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery));
        // Kafka wants delivery >= linger + request time-out.
        long request = Math.max(500, Math.min(30_000, (delivery - linger) / 2));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // the most idempotence keeps in order
        try {
            p.putAll(KafkaSecurity.properties(s, workDir, System::getenv));
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException(e.getMessage());
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
}
