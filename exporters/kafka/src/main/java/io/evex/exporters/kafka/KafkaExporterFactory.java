package io.evex.exporters.kafka;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import java.util.List;
import org.pf4j.Extension;

/** The {@code kafka} exporter kind. */
@Extension
public final class KafkaExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.text("bootstrap", "Bootstrap servers", "localhost:9092").withHelp("host:port[,host:port...]"),
            Setting.text("topic", "Topic", "evex.{obj.$id}").withHelp("Topic of each event; dynamic strings allowed"),
            Setting.text("key", "Key", "{obj.channel}")
                    .withHelp("Record key (events of one key keep their order); empty: no key"),
            Setting.combobox("acks", "Acknowledgements", "all", List.of("all", "1", "0")),
            Setting.combobox("compression", "Compression", "lz4", List.of("lz4", "zstd", "snappy", "gzip", "none")),
            Setting.integer("linger_ms", "Linger", 5).withRange(0, 60_000).withHelp("Wait this long to fill a batch"),
            Setting.integer("batch_bytes", "Batch size", 65_536).withRange(1024, 16 * 1024 * 1024),
            Setting.combobox(
                    "security",
                    "Security protocol",
                    "PLAINTEXT",
                    List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")),
            Setting.combobox(
                    "sasl_mechanism", "SASL mechanism", "PLAIN", List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")),
            Setting.text("username_env", "User name variable", "")
                    .withHelp("Environment variable holding the SASL user"),
            Setting.text("password_env", "Password variable", "")
                    .withHelp("Environment variable holding the SASL password; never logged"),
            Setting.text("ssl_ca_file", "CA certificates", "")
                    .withHelp("PEM file of the CAs to trust; empty: the JDK's"),
            Setting.checkbox("ssl_verify_host", "Verify host names", true),
            Setting.integer("max_block_ms", "Longest wait for the cluster", 2_000)
                    .withRange(100, 120_000)
                    .withHelp(
                            "A send waits this long for the cluster before the event goes back to the queue (and spool)"),
            Setting.integer("delivery_timeout_ms", "Delivery time-out", 30_000).withRange(1_000, 3_600_000),
            Setting.text("client_id", "Client id", "").withHelp("Empty: evex-<exporter>"));

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Publishes events as JSON records to Apache Kafka (idempotent, acks=all, keyed by channel); waits on disk while the cluster is away";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    /** A cluster that is away must not cost events: memory first, then the spool on disk. */
    @Override
    public DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.spooling(Backoff.ofMillis(200, 5_000));
    }

    @Override
    public Exporter create() {
        return new KafkaExporter();
    }
}
