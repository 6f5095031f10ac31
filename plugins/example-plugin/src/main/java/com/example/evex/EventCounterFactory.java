package com.example.evex;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import org.pf4j.Extension;

/** Declares the {@code event-counter} exporter kind; {@code @Extension} makes PF4J find it in the jar. */
@Extension
public class EventCounterFactory implements ExporterFactory {

    @Override
    public String name() {
        return "event-counter";
    }

    @Override
    public String description() {
        return "Counts events per type and channel into a JSON summary file";
    }

    @Override
    public SettingsSpec settings() {
        return SettingsSpec.of(Setting.text("path", "Summary file", "out/event-counts.json"));
    }

    /** Every type at its newest version: it only counts, so any version will do. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.ALL_LATEST;
    }

    @Override
    public Exporter create() {
        return new EventCounter();
    }
}
