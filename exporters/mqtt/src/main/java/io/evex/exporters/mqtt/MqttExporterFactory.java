package io.evex.exporters.mqtt;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import java.util.List;
import org.pf4j.Extension;

/** The {@code mqtt} exporter kind. */
@Extension
public final class MqttExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.text("host", "Broker host", "localhost"),
            Setting.integer("port", "Broker port", 1883)
                    .withRange(1, 65535)
                    .withHelp("1883 for TCP, usually 8883 for TLS"),
            Setting.combobox("protocol", "Protocol", "5", List.of("5", "3.1.1")).withHelp("MQTT version"),
            Setting.text("topic", "Topic", "evex/{obj.channel}/{obj.$id}")
                    .withHelp("Topic of each event; dynamic strings allowed"),
            Setting.text("topics", "Topics per event type", "")
                    .withHelp(
                            "Overrides per event type, separated by ';', e.g. event-motion=alerts/{obj.channel};track=tracks/{obj.channel}"),
            Setting.integer("qos", "QoS", 1)
                    .withRange(0, 2)
                    .withHelp("0 at most once, 1 at least once, 2 exactly once (per connection)"),
            Setting.checkbox("retain", "Retain", false),
            Setting.text("client_id", "Client id", "").withHelp("Empty: evex-<exporter>-<pid>"),
            Setting.checkbox("clean_start", "Clean start", true).withHelp("Start a new session on every connection"),
            Setting.integer("session_expiry_s", "Session expiry", 0)
                    .withRange(0, 4_294_967L)
                    .withHelp("MQTT 5: seconds the broker keeps the session"),
            Setting.integer("keep_alive_s", "Keep-alive", 30).withRange(0, 65535),
            Setting.text("username", "User name", ""),
            Setting.text("password", "Password", "").withHelp("Prefer password_env; never logged"),
            Setting.text("username_env", "User name variable", "")
                    .withHelp("Environment variable holding the user name"),
            Setting.text("password_env", "Password variable", "").withHelp("Environment variable holding the password"),
            Setting.checkbox("tls", "TLS", false),
            Setting.text("ca_file", "CA certificates", "").withHelp("PEM file of the CAs to trust; empty: the JDK's"),
            Setting.text("cert_file", "Client certificate", "")
                    .withHelp("PEM, for brokers that require client certificates"),
            Setting.text("key_file", "Client key", "").withHelp("PKCS#8 PEM key of the client certificate"),
            Setting.checkbox("tls_verify", "Verify the broker", true)
                    .withHelp("Check the broker's certificate and host name; off only for testing"),
            Setting.integer("max_inflight", "Messages in flight", 1000)
                    .withRange(1, 65535)
                    .withHelp("Publishes awaiting acknowledgement at once (the broker's receive maximum may lower it)"),
            Setting.integer("connect_timeout_ms", "Connect time-out", 5000).withRange(1000, 120_000),
            Setting.integer("reconnect_max_ms", "Longest reconnect wait", 30_000)
                    .withRange(100, 600_000)
                    .withHelp("Reconnect waits double from 250 ms up to this, with +-20% jitter"),
            Setting.text("status_topic", "Status topic", "")
                    .withHelp(
                            "If set: 'online' (retained) on connect and 'offline' as Last Will when the runtime disappears"));

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public String description() {
        return "Publishes events as JSON to an MQTT broker (Paho; MQTT 5 or 3.1.1; TLS); waits on disk while it is down";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    /**
     * A broker that is down must not cost events: memory first, then the spool on disk. The worker
     * retries often; while the broker is down, the exporter's hint (its reconnect back-off) sets the pace.
     */
    @Override
    public DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.spooling(Backoff.ofMillis(100, 2_000));
    }

    @Override
    public Exporter create() {
        return new MqttExporter();
    }
}
