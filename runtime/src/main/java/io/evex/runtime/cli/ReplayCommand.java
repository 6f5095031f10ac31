package io.evex.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.schemas.Problem;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evex replay}: feeds recorded events through the bus into the configured exporters. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Feeds recorded events (one JSON object per line) through the bus into the configured exporters.",
            "Every line is validated against its schema. Queues never drop during a replay: the reader waits for slow exporters.",
            "An invalid line stops the replay with exit code 1 (events before it are exported) unless --skip-invalid is given.",
            "Events still waiting in a spool at the end (a destination that is down) are counted and named, with exit code 3:",
            "they are delivered by the next run or replay with the same exporter."
        })
final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REPORTED = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Parameters(paramLabel = "FILE", description = "Events, one JSON object per line (JSON lines).")
    Path file;

    @Option(names = "--skip-invalid", description = "Report and skip invalid lines instead of stopping.")
    boolean skipInvalid;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // a replay publishes the file's events only: no synthetic source, no cluster membership
        RuntimeConfig config = pipeline.load().withSynthetic(null).withCluster(null);
        if (config.exporters().isEmpty()) {
            err.println(
                    "error: no exporter to replay into: give --config FILE or --export, e.g. --export json:path=replayed.jsonl");
            return ExitCodes.USAGE;
        }
        Evex evex = PipelineOptions.startOrExplain(config, true, false, err);
        if (evex == null) {
            return ExitCodes.FAILURE;
        }
        Replay replay = new Replay(evex, err);
        int result = ExitCodes.OK;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!replay.line(line)) {
                    result = ExitCodes.INVALID_INPUT;
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            err.println("error: " + file + ": no such file");
            result = ExitCodes.INVALID_INPUT;
        } finally {
            evex.close(60_000);
        }
        out.println("replayed " + replay.replayed + " events from " + file
                + (replay.skipped > 0 ? ", skipped " + replay.skipped + " invalid lines" : ""));
        StatsPrinter.summary(out, evex.bus());
        if (result == ExitCodes.OK && !evex.refusals().isEmpty()) {
            result = ExitCodes.INVALID_INPUT;
        }
        if (spooled(evex, err) > 0 && result == ExitCodes.OK) {
            result = ExitCodes.FAILURE;
        }
        return result;
    }

    /** Says which exporters left events in their spool; returns how many are waiting there. */
    private static long spooled(Evex evex, PrintWriter err) {
        long waiting = 0;
        for (ExporterStats s : evex.bus().stats()) {
            if (s.details().get("spool_pending") instanceof Long n && n > 0) {
                waiting += n;
                err.println("warning: exporter '" + s.name() + "' did not deliver " + n
                        + " events: they wait in its spool at " + s.details().get("spool_dir")
                        + " and go first at its next run or replay");
            }
        }
        return waiting;
    }

    /** The replay of one file, a line at a time: checked, published, counted, with progress every 2 s. */
    private final class Replay {
        private final Evex evex;
        private final PrintWriter err;
        long lineNo;
        long replayed;
        long skipped;
        private long nextProgress = System.currentTimeMillis() + 2000;

        Replay(Evex evex, PrintWriter err) {
            this.evex = evex;
            this.err = err;
        }

        /** Publishes one line's event; false when an invalid line stops the replay. */
        boolean line(String line) {
            lineNo++;
            if (line.isBlank()) {
                return true;
            }
            JsonNode event = null;
            List<Problem> problems;
            try {
                event = MAPPER.readTree(line);
                problems = evex.catalog().validate(event, file.toString(), (int) lineNo);
            } catch (JsonProcessingException e) {
                problems = List.of(
                        new Problem(file.toString(), (int) lineNo, null, "not valid JSON: " + e.getOriginalMessage()));
            }
            if (!problems.isEmpty()) {
                return invalid(problems);
            }
            evex.bus().publish((ObjectNode) event);
            replayed++;
            if (System.currentTimeMillis() >= nextProgress) {
                err.println("evex: replayed " + replayed + " events (line " + lineNo + ")");
                err.flush();
                nextProgress = System.currentTimeMillis() + 2000;
            }
            return true;
        }

        private boolean invalid(List<Problem> problems) {
            if (!skipInvalid) {
                problems.forEach(p -> err.println("error: " + p));
                err.println("error: replay stopped at line " + lineNo + " (" + replayed
                        + " events before it were exported); use --skip-invalid to skip bad lines");
                return false;
            }
            if (skipped < MAX_REPORTED) {
                problems.forEach(p -> err.println("warning: skipped " + p));
            }
            skipped++;
            return true;
        }
    }
}
