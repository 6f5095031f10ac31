package io.evex.exporters.file;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code txt} exporter kind: one human-readable line per event, from a template (CVEDIA-RT's txt format). */
@Extension
public final class TxtExporterFactory implements ExporterFactory {

    static final String DEFAULT_FORMAT = "{sys.time %Y-%m-%d %H:%M:%S} {obj.channel} {obj.$id} {obj.event_id}";

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.text("path", "Path", "out/events.txt")
                    .withHelp("Output file; may contain dynamic strings such as {obj.channel} or {sys.time %Y%m%d}"),
            Setting.text("format", "Line", DEFAULT_FORMAT)
                    .withHelp(
                            "The line written per event, a dynamic string: {obj.tracking_id|-} gives '-' when absent"),
            Setting.checkbox("append", "Append only", true)
                    .withHelp("Add a line per event; otherwise each event replaces the file at its (dynamic) path"),
            Setting.integer("max_open_files", "Open files", 64)
                    .withRange(1, 4096)
                    .withHelp("Files kept open at once when the path is dynamic"));

    @Override
    public String name() {
        return "txt";
    }

    @Override
    public String description() {
        return "Writes one human-readable line per event, from a template";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public Exporter create() {
        return new TxtExporter();
    }
}
