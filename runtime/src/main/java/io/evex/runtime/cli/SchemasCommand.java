package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.schemas.EventCatalog;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex schemas}: the event types and versions, or one schema. */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = "Lists event types with their schema versions, or prints one schema (evex schemas track:2).")
final class SchemasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "TYPE[:VERSION]",
            arity = "0..1",
            description = "Print this schema (the newest version if none is given).")
    String show;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EventCatalog catalog = EventCatalog.load();
        if (show != null) {
            String type = show.contains(":") ? show.substring(0, show.indexOf(':')) : show;
            if (catalog.versions(type).isEmpty()) {
                throw new IllegalArgumentException("unknown event type '" + type + "' (known: "
                        + String.join(", ", catalog.versionsByType().keySet()) + ")");
            }
            int version =
                    show.contains(":") ? Integer.parseInt(show.substring(show.indexOf(':') + 1)) : catalog.latest(type);
            if (!catalog.versions(type).contains(version)) {
                throw new IllegalArgumentException("type '" + type + "' has no version " + version + " (versions: "
                        + catalog.versions(type) + ")");
            }
            try (InputStream in =
                    EventCatalog.class.getResourceAsStream("/evex/schemas/" + EventCatalog.schemaPath(type, version))) {
                out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            out.flush();
            return ExitCodes.OK;
        }
        Negotiator negotiator = new Negotiator(catalog);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            catalog.versionsByType().forEach((type, versions) -> {
                ObjectNode t = root.putObject(type);
                versions.forEach(t.putArray("versions")::add);
                t.put("native", catalog.latest(type));
                negotiator.producible().get(type).forEach(t.putArray("producible")::add);
            });
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf("%-22s %-10s %-8s %s%n", "TYPE", "VERSIONS", "NATIVE", "DELIVERABLE");
            catalog.versionsByType()
                    .forEach((type, versions) -> out.printf(
                            "%-22s %-10s %-8d %s%n",
                            type,
                            join(versions),
                            catalog.latest(type),
                            join(negotiator.producible().get(type))));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String join(List<Integer> versions) {
        return String.join(",", versions.stream().map(String::valueOf).toList());
    }
}
