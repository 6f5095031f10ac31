package io.evex.exporters.file;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code json} exporter kind. */
@Extension
public final class JsonExporterFactory implements ExporterFactory {

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.text("path", "Path", "out/events.jsonl")
                    .withHelp("Output file; may contain dynamic strings such as {obj.channel} or {sys.time %Y%m%d}"),
            Setting.checkbox("minify", "Minify", true).withHelp("One line per event; otherwise indented for reading"),
            Setting.checkbox("append", "Append only", true)
                    .withHelp(
                            "Add every event to the file; otherwise each event replaces the file at its (dynamic) path"),
            Setting.integer("max_open_files", "Open files", 64)
                    .withRange(1, 4096)
                    .withHelp("Files kept open at once when the path is dynamic"));

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String description() {
        return "Writes events as JSON: JSON lines (append) or one document per file";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public Exporter create() {
        return new JsonExporter();
    }
}
