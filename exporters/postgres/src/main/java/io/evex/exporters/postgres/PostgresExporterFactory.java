package io.evex.exporters.postgres;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.api.tls.TlsSettings;
import java.util.List;
import org.pf4j.Extension;

/** The {@code postgres} exporter kind. */
@Extension
public final class PostgresExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            List.of(
                    Setting.text("servers", "Servers", "localhost:5432")
                            .withHelp("host:port[,host:port...]: the first that answers as primary takes the writes"),
                    Setting.text("database", "Database", "evex"),
                    Setting.text("table", "Table", "evex_events")
                            .withHelp("schema.table or table; letters, digits and _ only"),
                    Setting.checkbox("create_table", "Create the table", true)
                            .withHelp("Create the table and its indexes when missing; off: the named table must exist"),
                    Setting.text("username_env", "User name variable", "")
                            .withHelp("Environment variable holding the user name; empty: the user Evex runs as"),
                    Setting.text("password_env", "Password variable", "")
                            .withHelp("Environment variable holding the password; never logged"),
                    Setting.integer("batch", "Events per transaction", 500)
                            .withRange(1, 100_000)
                            .withHelp("Committed when full, and whenever the queue runs empty"),
                    Setting.duration("connect_timeout", "Connect time-out", "5s")
                            .withRange(100, 120_000)),
            TlsSettings.SETTINGS);

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String description() {
        return "Inserts events into a PostgreSQL table (filter columns, the event as jsonb), batched, once per event id";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.spooling(Backoff.ofMillis(500, 10_000));
    }

    @Override
    public Exporter create() {
        return new PostgresExporter();
    }
}
