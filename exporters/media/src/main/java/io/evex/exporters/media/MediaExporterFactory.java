package io.evex.exporters.media;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import java.util.function.Supplier;

/** What the media exporter kinds share: they take media only (no events); each kind names itself, its settings and its exporter. */
public abstract class MediaExporterFactory implements ExporterFactory {

    private final String name;
    private final String description;
    private final SettingsSpec settings;
    private final Supplier<Exporter> exporters;

    protected MediaExporterFactory(
            String name, String description, SettingsSpec settings, Supplier<Exporter> exporters) {
        this.name = name;
        this.description = description;
        this.settings = settings;
        this.exporters = exporters;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final SettingsSpec settings() {
        return settings;
    }

    /** Media only by default; a kind that reads events too (mp4, for retention) says so. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.NONE;
    }

    @Override
    public final Exporter create() {
        return exporters.get();
    }
}
