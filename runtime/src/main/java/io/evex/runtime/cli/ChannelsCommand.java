package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.cluster.ChannelRegistry;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex channels put|delete|list}: a cluster's channel definitions, in its Kafka topic. */
@Command(
        name = "channels",
        mixinStandardHelpOptions = true,
        description = {
            "Writes, deletes and lists a cluster's channels (its compacted channel topic on Kafka); the nodes",
            "(evex run --cluster) start, restart and stop them as the definitions change."
        },
        subcommands = {ChannelsCommand.Put.class, ChannelsCommand.Delete.class, ChannelsCommand.List.class})
final class ChannelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The cluster option every sub-command takes. */
    static class ClusterOption {
        @Option(
                names = "--cluster",
                required = true,
                paramLabel = "kafka:servers=HOST:PORT,group=NAME",
                description = "The cluster's Kafka and group")
        String cluster;

        ChannelRegistry registry() {
            return new ChannelRegistry(ClusterSettings.parse(cluster));
        }
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = "Adds or replaces a channel (checked against the configuration's schema first).")
    static final class Put extends ClusterOption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "The channel's entry (JSON or YAML), as a configuration's channels[] writes it")
        Path file;

        @Option(names = "--name", paramLabel = "NAME", description = "The channel's name (with --url)")
        String name;

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "Its source: rtsp://..., a file, lavfi:<graph> (with --name)")
        String url;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            JsonNode entry;
            if (file != null) {
                entry = JsonDocuments.read(file);
            } else if (name != null && url != null) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("name", name).put("url", url);
                entry = o;
            } else {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "give --file FILE, or --name NAME and --url URL");
            }
            try {
                new ConfigLoader(new SchemaValidator()).channel(entry, file != null ? file.toString() : "--name/--url");
            } catch (ProblemException e) {
                e.problems().forEach(p -> err.println("error: " + p));
                return ExitCodes.INVALID_INPUT;
            }
            registry().put(entry);
            spec.commandLine()
                    .getOut()
                    .println("evex: channel '" + entry.path("name").asText() + "' put");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Removes a channel (the node running it stops it).")
    static final class Delete extends ClusterOption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            registry().delete(name);
            spec.commandLine().getOut().println("evex: channel '" + name + "' deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the channels defined now.")
    static final class List extends ClusterOption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, JsonNode> channels = registry().list();
            channels.forEach(
                    (n, entry) -> out.println(n + "\t" + entry.path("url").asText()));
            out.println(channels.size() + " channel(s)");
            return ExitCodes.OK;
        }
    }
}
