package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.bus.queue.SpoolFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex spool}: what waits on disk for each exporter, checked without changing it, and discarded on request. */
@Command(
        name = "spool",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the exporters' spools (events waiting on disk for a destination that was away): events, bytes,",
            "the oldest, and a record cut short by a crash if any. Reads without changing them, while Evex runs or not.",
            "--discard deletes them (Evex must be stopped): their events are gone for good."
        })
final class SpoolCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "DIR",
            description = "Spool folders, or folders of them (default: .evex/spool).")
    List<Path> dirs;

    @Option(names = "--discard", description = "Delete the spools listed (their events are lost).")
    boolean discard;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> spools = new ArrayList<>();
        for (Path d : dirs == null ? List.of(Path.of(".evex", "spool")) : dirs) {
            spools.addAll(spools(d.toAbsolutePath().normalize()));
        }
        if (discard && running()) {
            err.println(
                    "error: Evex runs here (.evex/status.json names a live process): stop it before discarding a spool");
            return ExitCodes.INVALID_INPUT;
        }
        if (spools.isEmpty()) {
            out.println("no spool" + (dirs == null ? " in .evex/spool" : " in " + dirs));
            return ExitCodes.OK;
        }
        out.printf("%-40s  %9s  %12s  %-24s  %s%n", "spool", "events", "bytes", "oldest", "check");
        for (Path s : spools) {
            SpoolFiles.Summary summary = SpoolFiles.inspect(s);
            out.printf(
                    "%-40s  %,9d  %,12d  %-24s  %s%n",
                    s,
                    summary.records(),
                    summary.bytes(),
                    oldest(summary),
                    summary.tornBytes() > 0
                            ? summary.tornBytes() + " bytes cut short at the end (dropped at the next start)"
                            : "ok");
            if (discard) {
                delete(s);
                out.println("  discarded: " + summary.records() + " event(s) deleted");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code d} when it is a spool, else the spools in it. */
    private static List<Path> spools(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        if (isSpool(d)) {
            return List.of(d);
        }
        try (Stream<Path> children = Files.list(d)) {
            return children.filter(SpoolCommand::isSpool).sorted().toList();
        }
    }

    private static boolean isSpool(Path d) {
        if (!Files.isDirectory(d)) {
            return false;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.anyMatch(f ->
                    f.toString().endsWith(".seg") || f.getFileName().toString().equals("cursor"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String oldest(SpoolFiles.Summary s) {
        if (s.oldest() == null) {
            return "-";
        }
        try {
            JsonNode e = JSON.readTree(s.oldest());
            return e.has("system_timestamp")
                    ? Instant.ofEpochMilli(e.get("system_timestamp").asLong()).toString()
                    : "?";
        } catch (IOException e) {
            return "? (not JSON)";
        }
    }

    /** Whether the status file of a run here names a process that is alive. */
    private static boolean running() {
        Path status = Path.of(".evex", "status.json");
        try {
            long pid = JSON.readTree(status.toFile()).path("pid").asLong(-1);
            return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path spool) throws IOException {
        try (Stream<Path> all = Files.walk(spool)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
