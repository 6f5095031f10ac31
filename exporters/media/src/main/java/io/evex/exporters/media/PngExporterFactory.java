package io.evex.exporters.media;

import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code png} exporter kind. */
@Extension
public final class PngExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(ImageSettings.with("png"));

    public PngExporterFactory() {
        super("png", "Writes PNG images of each channel at a set rate", SETTINGS, () -> new ImageFileExporter("png"));
    }
}
