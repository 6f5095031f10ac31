package io.evex.exporters.nats;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.api.tls.TlsSettings;
import java.util.List;
import org.pf4j.Extension;

/** The {@code nats} exporter kind. */
@Extension
public final class NatsExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
                    List.of(
                            Setting.text("servers", "Servers", "nats://localhost:4222")
                                    .withHelp("nats://host:port[,nats://host:port...]"),
                            Setting.text("subject", "Subject", "evex.{obj.channel}.{obj.$id}")
                                    .withHelp("Subject of each event; dynamic strings allowed"),
                            Setting.text("stream", "Stream", "EVEX")
                                    .withHelp("The stream Evex creates when none stores the subjects; one that"
                                            + " does (made by an operator, under any name) is used as it is"),
                            Setting.text("stream_subjects", "Stream subjects", "evex.>")
                                    .withHelp("The subjects published to: the stream storing them is found by them"),
                            Setting.checkbox("create_stream", "Create the stream", true)
                                    .withHelp(
                                            "Create the stream (file storage, 2-minute de-duplication window) when it does not exist"),
                            Setting.text("username_env", "User name variable", ""),
                            Setting.text("password_env", "Password variable", "")
                                    .withHelp("Never logged"),
                            Setting.text("token_env", "Token variable", "")
                                    .withHelp("Environment variable holding a token; never logged"),
                            Setting.text("creds_file", "Credentials file", "")
                                    .withHelp("A NATS .creds file (JWT + NKey seed)"),
                            Setting.integer("max_in_flight", "Messages in flight", 1000)
                                    .withRange(1, 65_535)
                                    .withHelp("Publishes awaiting their acknowledgement at once"),
                            Setting.duration("ack_timeout", "Acknowledgement time-out", "5s")
                                    .withRange(100, 120_000),
                            Setting.duration("connect_timeout", "Connect time-out", "2s")
                                    .withRange(100, 120_000)),
                    TlsSettings.SETTINGS)
            .formerly(
                    Former.tlsBlock(),
                    Former.renamed("max_inflight", "max_in_flight"),
                    Former.millis("ack_timeout_ms", "ack_timeout"),
                    Former.millis("connect_timeout_ms", "connect_timeout"));

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String description() {
        return "Publishes events as JSON to NATS JetStream, acknowledged, de-duplicated by event id (Nats-Msg-Id)";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.spooling(Backoff.ofMillis(200, 5_000));
    }

    @Override
    public Exporter create() {
        return new NatsExporter();
    }
}
