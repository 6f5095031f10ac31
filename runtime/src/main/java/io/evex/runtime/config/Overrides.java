package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.state.StateFiles;
import io.evex.schemas.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What was changed while the runtime ran (through the API or the console), kept in {@code
 * .evex/overrides.json} of the working directory and laid over the configuration at every start. The
 * configuration file itself is never rewritten, so its comments and layout stay as written; the
 * overrides say by name what replaces it:
 * <pre>{@code
 * {"exporters": {"events-file": {entry as in the configuration}, "old-mqtt": {"removed": true}},
 *  "channels": {"dock": {entry as in the configuration}, "yard": {"removed": true}},
 *  "rules": {"lobby": {"zones": [...], "lines": [...]}}}
 * }</pre>
 */
public final class Overrides {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    private Overrides(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** The overrides of a runtime working in {@code workingDirectory} (none yet when the file is absent). */
    public static Overrides in(Path workingDirectory) {
        Path file = workingDirectory.resolve(".evex").resolve("overrides.json");
        if (!Files.isRegularFile(file)) {
            return new Overrides(file, JSON.createObjectNode());
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (!(root instanceof ObjectNode o)) {
                throw new IllegalArgumentException(file + ": not a JSON object");
            }
            return new Overrides(file, o);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public boolean isEmpty() {
        return root.path("exporters").isEmpty()
                && root.path("channels").isEmpty()
                && root.path("rules").isEmpty();
    }

    /**
     * {@code config} with these overrides laid over it: exporters replaced, added or removed by name,
     * channels' zones and lines replaced. Each entry is checked as the configuration's would be.
     */
    public RuntimeConfig apply(RuntimeConfig config, ConfigLoader loader) throws ProblemException {
        List<ExporterSettings> exporters = new ArrayList<>(config.exporters());
        var changed = root.path("exporters").fields();
        while (changed.hasNext()) {
            var e = changed.next();
            exporters.removeIf(x -> x.name().equals(e.getKey()));
            if (!e.getValue().path("removed").asBoolean(false)) {
                exporters.add(loader.exporter(e.getValue(), file + " exporters." + e.getKey()));
            }
        }
        RuntimeConfig out = config.withExporters(exporters);
        var channels = root.path("channels").fields();
        while (channels.hasNext()) {
            var c = channels.next();
            out = out.withoutChannel(c.getKey());
            if (!c.getValue().path("removed").asBoolean(false)) {
                out = out.plusChannels(List.of(loader.channel(c.getValue(), file + " channels." + c.getKey())));
            }
        }
        var rules = root.path("rules").fields();
        while (rules.hasNext()) {
            var r = rules.next();
            ObjectSettings parsed = loader.rules(r.getValue(), file + " rules." + r.getKey());
            out = out.mapChannels(
                    c -> c.name().equals(r.getKey()) ? c.withObjects(c.objects().withRules(parsed)) : c);
        }
        return out;
    }

    /** Records an exporter's entry (replacing any earlier one of that name) and writes the file. */
    public synchronized void putExporter(String name, JsonNode entry) {
        root.with("exporters").set(name, entry);
        save();
    }

    /** Records that the exporter of that name is gone and writes the file. */
    public synchronized void removeExporter(String name) {
        root.with("exporters").putObject(name).put("removed", true);
        save();
    }

    /** Records a channel's entry (replacing any earlier one, and its earlier rules) and writes the file. */
    public synchronized void putChannel(String name, JsonNode entry) {
        root.with("channels").set(name, entry);
        root.with("rules").remove(name);
        save();
    }

    /** Records that the channel of that name is gone and writes the file. */
    public synchronized void removeChannel(String name) {
        root.with("channels").putObject(name).put("removed", true);
        root.with("rules").remove(name);
        save();
    }

    /** Records a channel's zones and lines and writes the file. */
    public synchronized void putRules(String channel, JsonNode rules) {
        root.with("rules").set(channel, rules);
        save();
    }

    private void save() {
        try {
            StateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
