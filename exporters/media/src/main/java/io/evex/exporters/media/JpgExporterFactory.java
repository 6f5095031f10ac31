package io.evex.exporters.media;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import org.pf4j.Extension;

/** The {@code jpg} exporter kind. */
@Extension
public final class JpgExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(ImageSettings.with("jpg",
            Setting.integer("quality", "Quality", 90).withRange(1, 100).withHelp("JPEG quality, 1 (smallest) to 100 (best)")));

    @Override
    public String name() {
        return "jpg";
    }

    @Override
    public String description() {
        return "Writes JPEG images of each channel at a set rate";
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
        return new ImageFileExporter("jpg");
    }
}
