package io.evex.exporters.media;

import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code jpg} exporter kind. */
@Extension
public final class JpgExporterFactory extends MediaExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(ImageSettings.with(
            "jpg",
            Setting.integer("quality", "Quality", 90)
                    .withRange(1, 100)
                    .withHelp("JPEG quality, 1 (smallest) to 100 (best)")));

    public JpgExporterFactory() {
        super("jpg", "Writes JPEG images of each channel at a set rate", SETTINGS, () -> new ImageFileExporter("jpg"));
    }
}
