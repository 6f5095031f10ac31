package io.evex.exporters.kafka;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Former;
import io.evex.api.Renamed;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.api.kafka.KafkaSecurity;
import io.evex.api.tls.TlsSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/** The {@code kafka} exporter kind. */
@Extension
public final class KafkaExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
                    List.of(
                            Setting.text("servers", "Bootstrap servers", "localhost:9092")
                                    .withHelp("host:port[,host:port...]"),
                            Setting.text("topic", "Topic", "evex.{obj.$id}")
                                    .withHelp("Topic of each event; dynamic strings allowed"),
                            Setting.text("key", "Key", "{obj.channel}")
                                    .withHelp("Record key (events of one key keep their order); empty: no key"),
                            Setting.combobox("acks", "Acknowledgements", "all", List.of("all", "1", "0")),
                            Setting.combobox(
                                    "compression",
                                    "Compression",
                                    "lz4",
                                    List.of("lz4", "zstd", "snappy", "gzip", "none")),
                            Setting.duration("linger", "Linger", "5ms")
                                    .withRange(0, 60_000)
                                    .withHelp("Wait this long to fill a batch"),
                            Setting.integer("batch_bytes", "Batch size", 65_536).withRange(1024, 16 * 1024 * 1024),
                            Setting.duration("max_block", "Longest wait for the cluster", "2s")
                                    .withRange(100, 120_000)
                                    .withHelp(
                                            "A send waits this long for the cluster before the event goes back to the queue (and spool)"),
                            Setting.duration("delivery_timeout", "Delivery time-out", "30s")
                                    .withRange(1_000, 3_600_000),
                            Setting.text("client_id", "Client id", "").withHelp("Empty: evex-<exporter>")),
                    KafkaSecurity.SASL_SETTINGS,
                    TlsSettings.SETTINGS)
            .formerly(
                    Former.renamed("bootstrap", "servers"),
                    Former.millis("linger_ms", "linger"),
                    KafkaExporterFactory::securityTls,
                    KafkaExporterFactory::securitySasl,
                    Former.millis("max_block_ms", "max_block"),
                    Former.millis("delivery_timeout_ms", "delivery_timeout"));

    /** The former {@code security} protocol and {@code ssl_*} keys: the {@code tls} block. */
    private static Optional<Renamed> securityTls(Map<String, ?> raw) {
        Map<String, Object> tls = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        if (raw.containsKey("security")) {
            keys.add("security");
            tls.put("enabled", String.valueOf(raw.get("security")).endsWith("SSL"));
        }
        for (String[] pair : new String[][] {{"ssl_ca_file", "ca_file"}, {"ssl_verify_host", "verify_host"}}) {
            if (raw.containsKey(pair[0])) {
                keys.add(pair[0]);
                tls.put(pair[1], raw.get(pair[0]));
            }
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(new Renamed(keys, "tls", tls));
    }

    /** A former {@code security: SASL_*} without a mechanism meant PLAIN, then the default. */
    private static Optional<Renamed> securitySasl(Map<String, ?> raw) {
        boolean sasl = String.valueOf(raw.get("security")).startsWith("SASL");
        return sasl && !raw.containsKey("sasl_mechanism")
                ? Optional.of(new Renamed(List.of("security"), "sasl_mechanism", "PLAIN"))
                : Optional.empty();
    }

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
