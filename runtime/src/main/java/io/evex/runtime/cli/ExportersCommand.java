package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Setting;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterAssembler;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterKinds;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.negotiation.NegotiationException;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evex exporters}: what was discovered, and what each configured exporter negotiated. */
@Command(
        name = "exporters",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the exporter kinds found in plugin directories with their settings and default subscriptions,",
            "then the configured exporters (--config, --export) with the versions they negotiated or why they are refused."
        })
final class ExportersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RuntimeConfig config = pipeline.load();
        EventCatalog catalog = EventCatalog.load();
        Negotiator negotiator = new Negotiator(catalog);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        boolean allNegotiated = true;
        try (ExporterKinds found =
                ExporterKinds.discover(config.pluginDirs(), config.exporterDirs(), catalog, new ProcessHost())) {
            ArrayNode kinds = root.putArray("kinds");
            for (ExporterKind kind : found.kinds().values()) {
                kinds.add(describe(kind, negotiator, mapper));
            }
            ArrayNode refused = root.putArray("refused_descriptors");
            found.refusedDescriptors().forEach(p -> refused.add(p.toString()));
            ArrayNode configured = root.putArray("configured");
            ExporterAssembler assembler = new ExporterAssembler(
                    found.kinds(), negotiator, Path.of(""), Ticker.SYSTEM, Clock.systemDefaultZone());
            for (ExporterSettings c : config.exporters()) {
                ObjectNode o = configured
                        .addObject()
                        .put("name", c.name())
                        .put("kind", c.type())
                        .put("origin", c.origin());
                try {
                    Map<String, Integer> versions = assembler.negotiate(c);
                    o.set("negotiated", mapper.valueToTree(versions));
                } catch (ExporterAssembler.RefusedException e) {
                    o.put("refused", e.getMessage());
                    allNegotiated = false;
                }
            }
        }
        JsonNode live = StatusFile.readFresh();
        if (live != null) {
            root.set("running", live);
        }
        if (json) {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            printText(out, root);
        }
        out.flush();
        return allNegotiated ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    /** A kind as {@code --json} shows it: what it is, what it subscribes to and gets, its settings. */
    private static ObjectNode describe(ExporterKind kind, Negotiator negotiator, ObjectMapper mapper) {
        ObjectNode k = mapper.createObjectNode();
        k.put("name", kind.name())
                .put("description", kind.factory().description())
                .put("origin", kind.origin());
        k.put("subscriptions", kind.factory().subscriptions().toString());
        try {
            k.set(
                    "negotiated",
                    mapper.valueToTree(
                            negotiator.negotiate(kind.name(), kind.factory().subscriptions())));
        } catch (NegotiationException e) {
            k.put("refused", e.getMessage());
        }
        ObjectNode settings = k.putObject("settings");
        for (Setting s : kind.factory().settings().settings()) {
            ObjectNode so = settings.putObject(s.key());
            so.put("type", s.type().jsonName()).put("label", s.label());
            so.set("default", mapper.valueToTree(s.defaultValue()));
            if (!s.options().isEmpty()) {
                so.set("options", mapper.valueToTree(s.options()));
            }
            if (s.min() != null) {
                so.put("min", s.min());
            }
            if (s.max() != null) {
                so.put("max", s.max());
            }
            if (s.help() != null && !s.help().isEmpty()) {
                so.put("help", s.help());
            }
        }
        return k;
    }

    private static void printText(PrintWriter out, ObjectNode root) {
        out.println("Exporter kinds:");
        root.get("kinds").forEach(k -> {
            out.printf(
                    "  %-12s %s%n", k.get("name").asText(), k.get("description").asText());
            out.printf("  %-12s from %s%n", "", k.get("origin").asText());
            out.printf(
                    "  %-12s subscribes %s -> %s%n",
                    "",
                    k.get("subscriptions").asText(),
                    k.has("negotiated")
                            ? k.get("negotiated").toString()
                            : k.get("refused").asText());
            k.get("settings")
                    .fields()
                    .forEachRemaining(s -> out.printf(
                            "  %-12s   %-12s %-9s default %s%n",
                            "",
                            s.getKey(),
                            s.getValue().get("type").asText(),
                            s.getValue().get("default")));
        });
        if (!root.get("refused_descriptors").isEmpty()) {
            out.println("Refused exporter descriptors:");
            root.get("refused_descriptors").forEach(r -> out.println("  " + r.asText()));
        }
        if (root.has("running")) {
            printRunning(out, root.get("running"));
        }
        if (!root.get("configured").isEmpty()) {
            out.println("Configured exporters:");
            root.get("configured")
                    .forEach(c -> out.printf(
                            "  %-12s %-8s %s%n",
                            c.get("name").asText(),
                            c.get("kind").asText(),
                            c.has("negotiated")
                                    ? "negotiated " + c.get("negotiated")
                                    : c.get("refused").asText()));
        }
    }

    /** The exporters of a runtime running in this folder, from its status file. */
    private static void printRunning(PrintWriter out, JsonNode live) {
        out.println("Running (evex run, pid " + live.get("pid").asText() + ", "
                + live.get("published").asText() + " events published):");
        out.printf(
                "  %-16s %-14s %-10s %8s %10s %9s %9s %8s %9s  %s%n",
                "NAME", "KIND", "STATE", "PID", "DELIVERED", "DROPPED", "RESTARTS", "QUEUE", "FAILED", "NEGOTIATED");
        live.get("exporters")
                .forEach(e -> out.printf(
                        "  %-16s %-14s %-10s %8s %10d %9d %9s %8s %9d  %s%n",
                        e.get("name").asText(),
                        e.get("kind").asText(),
                        e.get("state").asText(),
                        e.at("/details/pid").asText("-"),
                        e.get("delivered").asLong(),
                        e.get("dropped").asLong(),
                        e.at("/details/restarts").asText("-"),
                        e.get("queued").asInt() + "/" + e.get("capacity").asInt(),
                        e.get("failed").asLong(),
                        e.get("negotiated")));
    }
}
