package io.evex.exporters.store;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import java.util.List;
import org.pf4j.Extension;

/** The {@code store} exporter kind: the embedded event history. */
@Extension
public final class StoreExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(List.of(
            Setting.text("path", "Database", ".evex/events.db")
                    .withHelp("The SQLite file (WAL mode; sqlite3 reads it), relative to the configuration's folder"),
            Setting.text("pictures", "Pictures folder", ".evex/event-pictures")
                    .withHelp("Where the pictures events carry (crops) are kept, one file each"),
            Setting.duration("retain", "Keep events", "30d")
                    .withHelp("Events older than this are deleted; 0s keeps them"),
            Setting.text("max_size", "Largest database", "2GB")
                    .withHelp("Beyond this the oldest events go (512MB, 20GB); empty: no limit"),
            Setting.integer("batch", "Events per transaction", 500)
                    .withRange(1, 100_000)
                    .withHelp("Committed when full, and whenever the queue runs empty"),
            Setting.duration("sweep_interval", "Retention check every", "1m").withRange(1_000, 86_400_000),
            Setting.checkbox("read_only", "Read only", false)
                    .withHelp(
                            "Only answer queries, store nothing and delete nothing (what evex events opens it with)")));

    @Override
    public String name() {
        return "store";
    }

    @Override
    public String description() {
        return "Keeps the event history in an embedded SQLite database that GET /api/v1/events and the console search";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    /** Every event type but the per-frame ones (tracks, inferences, statistics): add them with events:. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.of("*", "track:0", "inference:0", "statistics:0");
    }

    @Override
    public DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.spooling(Backoff.ofMillis(500, 10_000));
    }

    @Override
    public Exporter create() {
        return new StoreExporter();
    }
}
