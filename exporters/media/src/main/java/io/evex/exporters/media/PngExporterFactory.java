package io.evex.exporters.media;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import org.pf4j.Extension;

/** The {@code png} exporter kind. */
@Extension
public final class PngExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(ImageSettings.with("png"));

    @Override
    public String name() {
        return "png";
    }

    @Override
    public String description() {
        return "Writes PNG images of each channel at a set rate";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    /** Media only: no events. */
    @Override
    public Subscriptions subscriptions() {
        return Subscriptions.NONE;
    }

    @Override
    public Exporter create() {
        return new ImageFileExporter("png");
    }
}
