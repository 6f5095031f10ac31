package io.evex.runtime.cli;

import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.ExporterConfig;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.config.SourceConfig;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.process.FilterSettings;
import io.evex.runtime.source.SyntheticSource;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evex run}: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline until Ctrl-C (or --duration).",
                "Without a configured exporter, events are written as JSON lines to " + RunCommand.DEFAULT_PATH + "."})
final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_PATH = "out/{obj.channel}/events.jsonl";

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long, e.g. 30s, 5m, 1h (default: until Ctrl-C).")
    String duration;

    @Option(names = "--preprocess", paramLabel = "COMMAND",
            description = "A preprocess filter program for every channel (CVEDIA-RT's preprocess_cmd); events it fails on are passed on.")
    String preprocess;

    @Option(names = "--rate", paramLabel = "EVENTS/S", description = "Events per second of the synthetic source (default 20).")
    Double rate;

    @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "5", description = "Seconds between progress lines (default 5, 0 = none).")
    int progressSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuntimeConfig config = pipeline.load();
        if (config.exporters().isEmpty()) {
            config = config.plus(List.of(), List.of(), List.of(ExportOption.parse("json:path=" + DEFAULT_PATH, List.of())));
        }
        if (rate != null) {
            if (rate <= 0) {
                throw new IllegalArgumentException("--rate must be > 0");
            }
            config = config.withSource(new SourceConfig(config.source().channels(), rate));
        }
        if (preprocess != null) {
            config = config.plusFilters(List.of(new FilterSettings(FilterSettings.splitCommand(preprocess),
                    Path.of("").toAbsolutePath(), List.of(), true, FilterSettings.DEFAULT_TIMEOUT_MS)));
        }
        long stopAfterMs = duration == null ? Long.MAX_VALUE : Durations.parse(duration).toMillis();

        Evex evex = PipelineOptions.startOrExplain(config, false, err);
        if (evex == null) {
            return ExitCodes.FAILURE;
        }
        describe(out, config, evex);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "evex-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SyntheticSource source = new SyntheticSource(config.source(), evex.catalog(), evex.publisher())) {
            source.start();
            long deadline = System.currentTimeMillis() + Math.min(stopAfterMs, Long.MAX_VALUE / 2);
            long nextProgress = progressSeconds > 0 ? System.currentTimeMillis() + progressSeconds * 1000L : Long.MAX_VALUE;
            while (!stop.await(Math.max(1, Math.min(1_000, deadline - System.currentTimeMillis())), TimeUnit.MILLISECONDS)) {
                StatusFile.write(evex);
                long now = System.currentTimeMillis();
                if (now >= deadline) {
                    break;
                }
                if (now >= nextProgress) {
                    err.println("evex: " + StatsPrinter.progress(evex.bus()));
                    err.flush();
                    nextProgress = now + progressSeconds * 1000L;
                }
            }
        } finally {
            evex.close(10_000);
            out.println("stopped: " + evex.bus().published() + " events published");
            StatsPrinter.summary(out, evex.bus());
            evex.filters().forEach(f -> out.println("preprocess filter: " + f.counters()));
            StatusFile.write(evex);
            done.countDown();
        }
        return evex.refusals().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    private static void describe(PrintWriter out, RuntimeConfig config, Evex evex) {
        out.println("evex: synthetic source, channels " + config.source().channels() + ", "
                + config.source().eventsPerSecond() + " events/s");
        for (ExporterConfig c : config.exporters()) {
            boolean running = evex.bus().stats().stream().anyMatch(s -> s.name().equals(c.name()));
            if (!running) {
                continue;
            }
            Object path = c.settings().get("path");
            ExporterKind kind = evex.kinds().get(c.type());
            if (path == null && kind != null) {
                path = kind.factory().settings().settings().stream().filter(s -> s.key().equals("path"))
                        .map(s -> s.defaultValue()).findFirst().orElse(null);
            }
            out.println("evex: exporter '" + c.name() + "' (" + c.type() + ")" + (path == null ? "" : " writes to " + path));
        }
        out.println("evex: running; press Ctrl-C to stop");
        out.flush();
    }

    /** Parses 30s, 5m, 1h, 250ms or a plain number of seconds. */
    static final class Durations {
        private Durations() {
        }

        static Duration parse(String text) {
            String t = text.trim().toLowerCase();
            try {
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                }
                char unit = t.charAt(t.length() - 1);
                double n = Character.isDigit(unit) ? Double.parseDouble(t) : Double.parseDouble(t.substring(0, t.length() - 1));
                long ms = switch (unit) {
                    case 'h' -> (long) (n * 3_600_000);
                    case 'm' -> (long) (n * 60_000);
                    default -> (long) (n * 1000);
                };
                if (ms <= 0 || (!Character.isDigit(unit) && "hms".indexOf(unit) < 0)) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("--duration '" + text + "' is not a duration such as 30s, 5m or 1h");
            }
        }
    }
}
