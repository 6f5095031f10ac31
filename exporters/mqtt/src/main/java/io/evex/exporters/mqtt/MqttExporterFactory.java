package io.evex.exporters.mqtt;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Former;
import io.evex.api.Renamed;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.api.tls.TlsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/** The {@code mqtt} exporter kind. */
@Extension
public final class MqttExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
                    List.of(
                            Setting.text("servers", "Brokers", "localhost:1883")
                                    .withHelp(
                                            "host:port[,host:port...]: 1883 for TCP, usually 8883 for TLS; tried in turn"),
                            Setting.combobox("protocol", "Protocol", "5", List.of("5", "3.1.1"))
                                    .withHelp("MQTT version"),
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
                            Setting.checkbox("clean_start", "Clean start", true)
                                    .withHelp("Start a new session on every connection"),
                            Setting.duration("session_expiry", "Session expiry", "0s")
                                    .withRange(0, 4_294_967_295_000.0)
                                    .withHelp("MQTT 5: how long the broker keeps the session"),
                            Setting.duration("keep_alive", "Keep-alive", "30s").withRange(0, 65_535_000),
                            Setting.text("username", "User name", ""),
                            Setting.text("password", "Password", "")
                                    .asSecret()
                                    .withHelp("Prefer password_env; never logged"),
                            Setting.text("username_env", "User name variable", "")
                                    .withHelp("Environment variable holding the user name"),
                            Setting.text("password_env", "Password variable", "")
                                    .withHelp("Environment variable holding the password"),
                            Setting.integer("max_in_flight", "Messages in flight", 1000)
                                    .withRange(1, 65535)
                                    .withHelp(
                                            "Publishes awaiting acknowledgement at once (the broker's receive maximum may lower it)"),
                            Setting.duration("connect_timeout", "Connect time-out", "5s")
                                    .withRange(1000, 120_000),
                            Setting.duration("reconnect_max", "Longest reconnect wait", "30s")
                                    .withRange(100, 600_000)
                                    .withHelp("Reconnect waits double from 250 ms up to this, with +-20% jitter"),
                            Setting.text("status_topic", "Status topic", "")
                                    .withHelp(
                                            "If set: 'online' (retained) on connect and 'offline' as Last Will when the runtime disappears"),
                            Setting.checkbox("home_assistant", "Home Assistant", false)
                                    .withHelp(
                                            "Announce each channel to Home Assistant (MQTT discovery): zones, lines, motion and its picture as entities"),
                            Setting.text("discovery_prefix", "Discovery prefix", "homeassistant")
                                    .withHelp("Where Home Assistant reads discovery configs"),
                            Setting.text("node_id", "Node id", "")
                                    .withHelp(
                                            "This runtime in entity ids and state topics (evex/<node_id>/...); empty: the host name. Keep it fixed: ids stay across restarts"),
                            Setting.duration("snapshot_every", "Picture every", "10s")
                                    .withRange(0, 86_400_000)
                                    .withHelp(
                                            "How often each channel's picture entity gets a new picture; 0s: no picture entity")),
                    TlsSettings.SETTINGS)
            .formerly(
                    MqttExporterFactory::hostAndPort,
                    Former.seconds("session_expiry_s", "session_expiry"),
                    Former.seconds("keep_alive_s", "keep_alive"),
                    Former.tlsBlock(
                            "ca_file",
                            "ca_file",
                            "cert_file",
                            "cert_file",
                            "key_file",
                            "key_file",
                            "tls_verify",
                            "verify_host"),
                    Former.renamed("max_inflight", "max_in_flight"),
                    Former.millis("connect_timeout_ms", "connect_timeout"),
                    Former.millis("reconnect_max_ms", "reconnect_max"));

    /** The former {@code host} and {@code port}: one {@code servers} entry. */
    private static Optional<Renamed> hostAndPort(Map<String, ?> raw) {
        if (!raw.containsKey("host") && !raw.containsKey("port")) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        String host = "localhost";
        String port = "1883";
        if (raw.containsKey("host")) {
            keys.add("host");
            host = String.valueOf(raw.get("host"));
        }
        if (raw.containsKey("port")) {
            keys.add("port");
            port = String.valueOf(raw.get("port"));
        }
        return Optional.of(new Renamed(keys, "servers", host + ":" + port));
    }

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
