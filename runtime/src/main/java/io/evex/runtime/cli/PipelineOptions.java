package io.evex.runtime.cli;

import io.evex.runtime.Evex;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that build a pipeline: configuration file and command-line additions. */
public final class PipelineOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Configuration file (YAML or JSON).")
    Path config;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Extra directory with plugin jars (repeatable).")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(
            names = "--exporters",
            paramLabel = "DIR",
            description = "Extra directory with exporter descriptors (repeatable).")
    List<Path> exporterDirs = new ArrayList<>();

    @Option(
            names = "--export",
            paramLabel = "NAME[:key=value,...]",
            description =
                    "Enable an exporter with its settings (repeatable), e.g. json:path=out/{obj.channel}.jsonl,minify=true")
    List<String> exports = new ArrayList<>();

    /** The configuration file (if any) with the command-line additions and the installation's default directories. */
    RuntimeConfig load() throws ProblemException {
        RuntimeConfig base =
                config == null ? RuntimeConfig.empty() : new ConfigLoader(new SchemaValidator()).load(config);
        List<String> names =
                base.exporters().stream().map(ExporterSettings::name).toList();
        List<ExporterSettings> added = ExportOption.parseAll(exports, names);
        List<Path> plugins = new ArrayList<>(Installation.defaultPluginDirs());
        plugins.addAll(pluginDirs);
        List<Path> descriptors = new ArrayList<>(Installation.defaultExporterDirs());
        descriptors.addAll(exporterDirs);
        return base.plus(plugins, descriptors, added);
    }

    /**
     * Starts a runtime; when not a single exporter could start, says so and returns {@code null}
     * (the refusals were already logged, one per exporter).
     *
     * @param serveHttp serve the API even without channels (the user gave a port: events may come in over it)
     */
    static Evex startOrExplain(RuntimeConfig config, boolean lossless, boolean serveHttp, PrintWriter err) {
        Evex runtime = new Evex(config, lossless);
        Evex evex = (serveHttp ? runtime.alwaysServeHttp() : runtime).start();
        if (evex.bus().stats().isEmpty()) {
            err.println("error: no exporter could start (see the messages above); nothing to do");
            err.flush();
            evex.close();
            return null;
        }
        return evex;
    }
}
