package io.evex.runtime.cli;

import io.evex.runtime.Evex;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.Overrides;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.extension.ExtensionSettings;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.process.FilterSettings;
import io.evex.runtime.service.Watchdog;
import io.evex.runtime.source.SyntheticSettings;
import io.evex.runtime.state.ClockWatch;
import io.evex.runtime.video.SourceUrl;
import io.evex.schemas.SchemaValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evex run}: the main job. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline until Ctrl-C, --duration, or the end of every channel that does not loop.",
            "Without channels, plays the bundled sample video as channel 'lobby'. Without exporters, writes events as JSON lines to "
                    + RunCommand.DEFAULT_EVENTS + ", records MP4 to out/<channel>/video/ and serves HLS over HTTP."
        })
final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_EVENTS = "out/{obj.channel}/events.jsonl";

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(
            names = "--channel",
            paramLabel = "NAME=URL",
            description =
                    "A video channel (repeatable): a file, rtsp://..., http(s)://..., lavfi:<graph> or 'sample', e.g. --channel door=rtsp://10.0.0.7/live")
    List<String> channelOptions = new ArrayList<>();

    @Option(
            names = "--no-loop",
            description = "Play files once instead of looping; the run ends when every channel has ended.")
    boolean noLoop;

    @Option(names = "--fast", description = "Read files as fast as they decode instead of at their own frame rate.")
    boolean fast;

    @Option(
            names = "--detector",
            paramLabel =
                    "onnx:model=FILE[,format=auto|yolox|yolov5|yolov8|end2end][,classes=a+b][,confidence=X][,fps=N][,input_size=N][,threads=N]",
            description =
                    "Detect objects in every channel with a YOLOX ONNX model (COCO classes), e.g. --detector onnx:model=yolox_nano.onnx,classes=person+car")
    String detector;

    @Option(
            names = "--cluster",
            paramLabel = "kafka:servers=HOST:PORT,group=NAME[,node=ID]",
            description =
                    "Run as one node of a cluster (wins over the configuration's cluster block): the channels come from the group's channel topic on Kafka (evex channels put), and Kafka's group assignment decides which node runs which; node defaults to the host name")
    String cluster;

    @Option(
            names = "--http-extension",
            paramLabel = "URL",
            description =
                    "Send every channel's frames to an AI server (Azure LVA HTTP extension contract: JPEG POSTs, 'inferences' answers) and track the entities it finds, e.g. --http-extension http://127.0.0.1:7001/score")
    String httpExtension;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description =
                    "HTTP port of the API, the console and HLS (default 8080; 0 = any free port); given, the API is served even without channels.")
    Integer httpPort;

    @Option(names = "--no-http", description = "Do not serve HTTP.")
    boolean noHttp;

    @Option(
            names = "--onvif",
            description =
                    "Serve ONVIF (Profiles S and M) on the HTTP server, for VMSs: add an rtsp exporter for the streams.")
    boolean onvif;

    @Option(
            names = "--synthetic",
            description = "Run the synthetic event source (made-up events of every type, no video); "
                    + "without --channel it replaces the sample video.")
    boolean synthetic;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Stop after this long, e.g. 30s, 5m, 1h (default: until Ctrl-C).")
    String duration;

    @Option(
            names = "--preprocess",
            paramLabel = "COMMAND",
            description =
                    "A preprocess filter program for every channel (CVEDIA-RT's preprocess_cmd); events it fails on are passed on.")
    String preprocess;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS/S",
            description = "Events per second of the synthetic source (default 20); implies --synthetic.")
    Double rate;

    @Option(
            names = "--progress",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Seconds between progress lines (default 5, 0 = none).")
    int progressSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuntimeConfig config = configure();
        long stopAfterMs = duration == null
                ? Long.MAX_VALUE
                : Durations.option(spec, "--duration", duration).toMillis();

        Evex evex;
        try {
            evex = PipelineOptions.startOrExplain(config, false, httpPort != null, err);
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (evex == null) {
            return ExitCodes.FAILURE;
        }
        ClusterSettings clustered = config.cluster();
        if (clustered != null) {
            out.println("evex: node " + clustered.node() + " of cluster " + clustered.group() + " at "
                    + clustered.servers() + "; its channels come from Kafka");
        }
        RunReport.starting(out, config, evex);
        evex.stopOnShutdown();
        ClockWatch.start();
        Watchdog watchdog = Watchdog.fromEnvironment(evex, System.getenv()); // under systemd (Type=notify)
        if (watchdog != null) {
            watchdog.start();
        }
        try {
            watch(evex, out, err, stopAfterMs);
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
            evex.close(10_000);
            RunReport.closing(out, evex);
            StatusFile.write(evex);
        }
        boolean channelFailed = evex.channels().stream().anyMatch(c -> c.state() == Channel.State.ERROR);
        return evex.refusals().isEmpty() && !channelFailed ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    /** Writes the status file every second and progress lines until a stop, the duration or the end of every channel. */
    private void watch(Evex evex, PrintWriter out, PrintWriter err, long stopAfterMs) throws InterruptedException {
        // On the monotonic clock: a wall clock set back an hour must not stretch --duration by an hour.
        long start = System.nanoTime() / 1_000_000;
        long deadline = start + Math.min(stopAfterMs, Long.MAX_VALUE / 4);
        long nextProgress = progressSeconds > 0 ? start + progressSeconds * 1000L : Long.MAX_VALUE;
        while (!evex.awaitStop(Math.max(1, Math.min(1_000, deadline - System.nanoTime() / 1_000_000)))) {
            StatusFile.write(evex);
            long now = System.nanoTime() / 1_000_000;
            if (now >= deadline) {
                return;
            }
            if (evex.sourcesEnded()) {
                out.println("evex: every channel has ended");
                return;
            }
            if (now >= nextProgress) {
                err.println("evex: " + RunReport.progress(evex)
                        + StatsPrinter.progress(evex.bus(), evex.media().stats()));
                err.flush();
                nextProgress = now + progressSeconds * 1000L;
            }
        }
    }

    /** The configuration file and options, with the embedded defaults where nothing was said. */
    private RuntimeConfig configure() throws Exception {
        RuntimeConfig config = sources(pipeline.load());
        config = analysis(config);
        if (noLoop) {
            config = config.mapChannels(c -> c.withLoop(false));
        }
        if (fast) {
            config = config.mapChannels(c -> c.withRealtime(false));
        }
        if (noHttp || httpPort != null) {
            HttpSettings h = config.http();
            boolean on = !noHttp && h.enabled();
            config = config.withHttp(httpPort != null ? h.with(on, httpPort) : h.with(on));
        }
        if (onvif && !config.onvif().enabled()) {
            config = config.withOnvif(config.onvif().on());
        }
        if (config.exporters().isEmpty()) {
            config = config.plus(List.of(), List.of(), defaultExporters(config));
        }
        if (config.exporters().stream().noneMatch(e -> e.type().equals("store"))) {
            // The event history is on unless the configuration names a store (enabled: false turns it off).
            config = config.plus(
                    List.of(),
                    List.of(),
                    List.of(ExportOption.parse("store", List.of()).whenInstalled()));
        }
        // What the API or console changed in an earlier run, laid over all of the above.
        Overrides overrides = Overrides.in(config.workingDirectory());
        if (!overrides.isEmpty()) {
            config = overrides.apply(config, new ConfigLoader(new SchemaValidator()));
            spec.commandLine()
                    .getOut()
                    .println("evex: changes made while running are applied from " + overrides.file()
                            + " (delete it to drop them)");
        }
        if (preprocess != null) {
            config = config.plusFilters(List.of(new FilterSettings(
                    FilterSettings.splitCommand(preprocess), Path.of("").toAbsolutePath(), List.of(), true)));
        }
        return config;
    }

    /** Where events come from: --channel, the synthetic source, the cluster, or else the embedded sample. */
    private RuntimeConfig sources(RuntimeConfig config) {
        List<ChannelSettings> added = new ArrayList<>();
        for (String option : channelOptions) {
            ChannelSettings c = ChannelSettings.parse(option);
            added.add(
                    SourceUrl.isFilePath(c.url())
                            ? ChannelSettings.of(
                                    c.name(), Path.of(c.url()).toAbsolutePath().toString())
                            : c);
        }
        config = config.plusChannels(added);
        if (rate != null) {
            if (rate <= 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be > 0, not " + rate);
            }
            config = config.withSynthetic(new SyntheticSettings(
                    config.synthetic() != null ? config.synthetic().channels() : SyntheticSettings.DEFAULT.channels(),
                    rate));
        } else if (synthetic && config.synthetic() == null) {
            config = config.withSynthetic(SyntheticSettings.DEFAULT);
        }
        if (cluster != null) {
            config = config.withCluster(ClusterSettings.parse(cluster)); // says what is wrong before anything starts
        }
        if (config.cluster() != null) {
            if (!config.channels().isEmpty()) {
                throw new IllegalArgumentException(
                        "cluster: the channels come from the cluster's channel topic; put them there with 'evex channels put' instead of the configuration");
            }
        } else if (config.channels().isEmpty() && config.synthetic() == null) {
            config = config.plusChannels(
                    List.of(ChannelSettings.parse(SampleScene.CHANNEL).withObjects(SampleScene.rules())));
        }
        return config;
    }

    /** Where every channel's objects come from: --detector (a model) or --http-extension (an AI server). */
    private RuntimeConfig analysis(RuntimeConfig config) {
        if (detector != null) {
            DetectorSettings model = DetectorOption.parse(detector);
            config = config.mapChannels(c -> c.withObjects(c.objects().withOnnx(model)));
        }
        if (httpExtension != null) {
            if (detector != null) {
                throw new IllegalArgumentException(
                        "--http-extension and --detector: a channel takes its objects from one");
            }
            ExtensionSettings server;
            try {
                server = ExtensionSettings.of(java.net.URI.create(httpExtension));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--http-extension '" + httpExtension + "': " + e.getMessage());
            }
            config = config.mapChannels(c -> c.withObjects(c.objects().withExtension(server)));
        }
        return config;
    }

    /** JSON lines always; with channels also an MP4 recording and annotated HLS, when the media plugin is installed. */
    private List<ExporterSettings> defaultExporters(RuntimeConfig config) {
        List<ExporterSettings> defaults = new ArrayList<>();
        defaults.add(ExportOption.parse("json:path=" + DEFAULT_EVENTS, List.of()));
        if (!config.channels().isEmpty()) {
            defaults.add(ExportOption.parse("mp4", List.of()).whenInstalled());
            defaults.add(ExportOption.parse("hls:annotated=true", List.of()).whenInstalled());
        }
        return defaults;
    }
}
