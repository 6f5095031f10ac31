package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.cluster.ClusterStatus;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex cluster status}: which node runs which channel, from the nodes' own status records. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "Shows the nodes of a cluster (evex run --cluster) and the channels each runs, from their status records on Kafka.")
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "status", description = "What to show (status)")
    String what;

    @Option(names = "--cluster", required = true, paramLabel = "kafka:servers=HOST:PORT,group=NAME")
    String cluster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!what.equals("status")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "cluster knows 'status', not '" + what + "'");
        }
        Map<String, JsonNode> nodes = ClusterStatus.read(ClusterSettings.parse(cluster));
        long now = System.currentTimeMillis();
        out.printf("%-24s %-8s %8s %7s  %s%n", "NODE", "STATE", "SEEN", "LOAD", "CHANNELS");
        nodes.forEach((node, s) -> out.printf(
                "%-24s %-8s %7.1fs %7.2f  %s%n",
                node,
                ClusterStatus.alive(s, now) ? "up" : s.path("state").asText().equals("left") ? "left" : "silent",
                (now - s.path("updated_ms").asLong()) / 1000.0,
                s.path("load").asDouble(),
                s.path("channels").toString()));
        return ExitCodes.OK;
    }
}
