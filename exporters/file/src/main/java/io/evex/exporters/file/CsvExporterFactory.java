package io.evex.exporters.file;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import org.pf4j.Extension;

/** The {@code csv} exporter kind. */
@Extension
public final class CsvExporterFactory implements ExporterFactory {

    /** The envelope every event has, so the default table fits every type. */
    static final String DEFAULT_COLUMNS =
            "/$id,/$version,/event_id,/channel,/frame_id,/frame_time,/system_timestamp,/system_date";

    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.text("path", "Path", "out/events.csv")
                    .withHelp("Output file; may contain dynamic strings such as {obj.$id} to keep one table per type"),
            Setting.text("columns", "Columns", DEFAULT_COLUMNS)
                    .withHelp("Comma-separated JSON pointers into the event, optionally named: x:/location/x; "
                            + "with 'rows', @/pointer reads the row's element: l:@/box/l"),
            Setting.text("rows", "Rows", "")
                    .withHelp("A JSON pointer to an array of the event (/regions, /inferences): one row per element "
                            + "(the tabular layout); empty = one row per event"),
            Setting.text("separator", "Separator", ",").withHelp("One character; \\t for a tab"),
            Setting.checkbox("minify", "Minify", true)
                    .withHelp("Objects and arrays in a cell as one-line JSON; otherwise indented"),
            Setting.checkbox("neutralize_formulas", "Neutralise formulas", true)
                    .withHelp(
                            "Prefix ' to cells that begin with = + - @ (not numbers), so a spreadsheet shows them as text"),
            Setting.checkbox("header", "Header", true)
                    .withHelp("Write the column names as the first row of a new file"),
            Setting.checkbox("append", "Append only", true)
                    .withHelp("Add a row per event; otherwise each event replaces the file at its (dynamic) path"),
            Setting.integer("max_open_files", "Open files", 64).withRange(1, 4096));

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String description() {
        return "Writes a table of chosen event fields (JSON pointers) as CSV";
    }

    @Override
    public SettingsSpec settings() {
        return SETTINGS;
    }

    @Override
    public Exporter create() {
        return new CsvExporter();
    }
}
