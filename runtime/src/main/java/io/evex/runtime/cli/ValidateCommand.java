package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.config.ConfigFix;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterAssembler;
import io.evex.runtime.exporter.ExporterKinds;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.DescriptorLoader;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex validate}: checks configuration, descriptor and event files. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks configuration files, exporter descriptors and event files; prints every problem with file, line, JSON pointer and reason.",
            "The kind is guessed: *.jsonl = events, one per line; an object with \"$id\" = one event; exporter.json or an object with \"command\" = descriptor; anything else = configuration."
        })
final class ValidateCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Kind {
        config("a configuration"),
        descriptor("an exporter descriptor"),
        event("one event"),
        events("events, one per line");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private static String otherKinds(Kind guessed) {
        return String.join(
                "|",
                java.util.Arrays.stream(Kind.values())
                        .filter(k -> k != guessed)
                        .map(Enum::name)
                        .toList());
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to check.")
    List<Path> files;

    @Option(
            names = "--as",
            paramLabel = "KIND",
            description = "Treat every file as this kind: ${COMPLETION-CANDIDATES}.")
    Kind forcedKind;

    @Option(
            names = "--fix",
            description =
                    "Rewrite configuration files that use former key names (cooldown_ms, bootstrap, flat TLS keys) to the current ones, comments kept; then check them.")
    boolean fix;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventCatalog catalog = EventCatalog.load();
        boolean allValid = true;
        for (Path file : files) {
            Kind kind = forcedKind;
            List<Problem> problems;
            try {
                if (kind == null) {
                    kind = guess(file);
                }
                if (fix && kind == Kind.config) {
                    fix(file, catalog, out);
                }
                problems = check(file, kind, catalog);
            } catch (ProblemException e) {
                problems = e.problems();
            }
            if (problems.isEmpty()) {
                out.println("ok: " + file + " (" + kind + ")");
            } else {
                allValid = false;
                problems.forEach(p -> err.println("error: " + p));
                if (forcedKind == null && kind != null) {
                    err.println("evex: " + file + " was checked as " + kind.description
                            + " (a guess from its name and content); " + "to check it as something else, give --as "
                            + otherKinds(kind));
                }
            }
        }
        out.flush();
        return allValid ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    /** Rewrites former names; the kinds installed by default and in the file's plugin folders know their settings'. */
    private static void fix(Path file, EventCatalog catalog, PrintWriter out) throws ProblemException {
        JsonNode doc = JsonDocuments.read(file);
        Path base = file.toAbsolutePath().getParent();
        List<Path> dirs = new ArrayList<>(Installation.defaultPluginDirs());
        doc.path("plugins").forEach(d -> dirs.add(base.resolve(d.asText())));
        List<Path> descriptorDirs = new ArrayList<>(Installation.defaultExporterDirs());
        doc.path("exporter_dirs").forEach(d -> descriptorDirs.add(base.resolve(d.asText())));
        List<String> changed;
        try (ExporterKinds kinds = ExporterKinds.discover(dirs, descriptorDirs, catalog, new ProcessHost())) {
            changed = ConfigFix.fix(
                    file,
                    type -> java.util.Optional.ofNullable(kinds.kinds().get(type))
                            .map(k -> k.factory().settings()));
        }
        changed.forEach(c -> out.println("fixed: "
                + c.replace(" is deprecated: write ", " rewritten as ")
                        .replace(" are deprecated: write ", " rewritten as ")));
    }

    private static Kind guess(Path file) throws ProblemException {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Kind.events;
        }
        if (name.equals("exporter.json")) {
            return Kind.descriptor;
        }
        JsonNode doc = JsonDocuments.read(file);
        if (doc.has("$id")) {
            return Kind.event;
        }
        return doc.has("command") ? Kind.descriptor : Kind.config;
    }

    private static List<Problem> check(Path file, Kind kind, EventCatalog catalog) throws ProblemException {
        return switch (kind) {
            case event -> catalog.validate(JsonDocuments.read(file), file.toString(), 0);
            case events -> eventLines(file, catalog);
            case descriptor -> descriptor(file, catalog);
            case config -> config(file, catalog);
        };
    }

    private static List<Problem> eventLines(Path file, EventCatalog catalog) throws ProblemException {
        List<Problem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    problems.addAll(catalog.validate(MAPPER.readTree(line), file.toString(), n));
                } catch (IOException e) {
                    problems.add(new Problem(
                            file.toString(),
                            n,
                            null,
                            "not valid JSON: "
                                    + e.getMessage().lines().findFirst().orElse("")));
                }
            }
        } catch (IOException e) {
            throw new ProblemException(new Problem(file.toString(), 0, null, "cannot read: " + e.getMessage()));
        }
        return problems;
    }

    private static List<Problem> descriptor(Path file, EventCatalog catalog) throws ProblemException {
        new DescriptorLoader(catalog.validator(), new Negotiator(catalog)).load(file);
        return List.of();
    }

    /** Schema and semantics, then each exporter against the installed kinds (settings, negotiation). */
    private static List<Problem> config(Path file, EventCatalog catalog) throws ProblemException {
        RuntimeConfig config = new ConfigLoader(catalog.validator()).load(file);
        List<Path> dirs = new ArrayList<>(Installation.defaultPluginDirs());
        dirs.addAll(config.pluginDirs());
        List<Path> descriptorDirs = new ArrayList<>(Installation.defaultExporterDirs());
        descriptorDirs.addAll(config.exporterDirs());
        List<Problem> problems = new ArrayList<>();
        try (ExporterKinds kinds = ExporterKinds.discover(dirs, descriptorDirs, catalog, new ProcessHost())) {
            ExporterAssembler assembler = new ExporterAssembler(
                    kinds.kinds(), new Negotiator(catalog), Path.of(""), Ticker.SYSTEM, Clock.systemDefaultZone());
            for (var exporter : config.exporters()) {
                try {
                    assembler.negotiate(exporter);
                } catch (ExporterAssembler.RefusedException e) {
                    problems.add(new Problem(file.toString(), 0, null, e.getMessage()));
                }
            }
        }
        return problems;
    }
}
