package io.evex.runtime;

import io.evex.api.delivery.Ticker;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.api.Api;
import io.evex.runtime.api.ApiHost;
import io.evex.runtime.api.StatusReport;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.channel.AnalysisParts;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelAnalysis;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.RunningChannels;
import io.evex.runtime.clips.ClipMaker;
import io.evex.runtime.cluster.ClusterNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.Overrides;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.exporter.ExporterAssembler;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterKinds;
import io.evex.runtime.extension.ExtensionClient;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.http.PortTakenException;
import io.evex.runtime.media.CropEncoder;
import io.evex.runtime.media.MediaHub;
import io.evex.runtime.media.Recorded;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.PreprocessFilter;
import io.evex.runtime.process.PreprocessFilters;
import io.evex.runtime.process.ProcessHost;
import io.evex.runtime.reconfig.Reconfiguration;
import io.evex.runtime.source.SyntheticSource;
import io.evex.runtime.video.FrameCache;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.SchemaValidator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a running Evex from its configuration and hands each
 * the narrow view it needs (the HTTP API gets this class as its {@link ApiHost}, the cluster node
 * and the reconfiguration get the {@link RunningChannels}). Nothing in the runtime imports it
 * back; the command line builds it, as would an application embedding Evex.
 *
 * <p>Its life: {@link #start} (plugins, HTTP, exporters and the bus, filters, media outputs,
 * channels, then the synthetic source and the cluster, when configured), optionally
 * {@link #stopOnShutdown} and {@link #awaitStop}, then {@link #close(long)}. Each part is made by a
 * protected {@code createXxx} method, so a test or an embedding application can replace one part.
 */
public class Evex implements ApiHost, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Evex.class);

    private final RuntimeConfig config;
    private final boolean lossless;
    private final ProcessHost processes = new ProcessHost();
    private final List<String> refusals = new ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();
    private EventCatalog catalog;
    private ExporterKinds kinds;
    private EventBus bus;
    private PreprocessFilters filters;
    private MediaHub media;
    private RunningChannels channels;
    private ExporterAssembler assembler;
    private Reconfiguration reconfiguration;
    private HttpService http;
    private Api api;
    private SyntheticSource synthetic;
    private ClipMaker clips;
    private ClusterNode clusterNode;
    private boolean alwaysHttp;

    /**
     * @param lossless publishers wait for room in full queues instead of applying overflow
     *     policies; for replays, where dropping is never wanted
     */
    public Evex(RuntimeConfig config, boolean lossless) {
        this.config = config;
        this.lossless = lossless;
    }

    /**
     * Loads plugins, starts the HTTP server (when there are channels or a cluster), builds and
     * starts every configured exporter, opens the bus, starts the preprocess filters and the
     * channels, then the synthetic source and the cluster membership when configured.
     *
     * @throws IllegalStateException when the HTTP server cannot start (a port the user gave is taken)
     *     or the cluster cannot be joined; the runtime is closed then
     */
    public Evex start() {
        catalog = createCatalog();
        kinds = createKinds(config);
        startHttp();
        assembler = createAssembler(kinds.kinds(), new Negotiator(catalog))
                .publishingWith((path, dir) -> http == null ? Optional.empty() : Optional.of(http.publish(path, dir)))
                .checkingTokensWith(() -> api == null
                        ? Optional.empty()
                        : Optional.of((token, channel) -> api.auth().reaches(token, channel)))
                .describingChannelsWith(() -> ChannelViews.of(channels == null ? List.of() : channels.list()))
                .feeding(ChannelFeeds.of(config));
        ExporterAssembler.Result result = assembler.assemble(config.exporters());
        refusals.addAll(result.refusals());
        refusals.forEach(LOG::error);
        result.workers().forEach(w -> LOG.info("exporter '{}' started, versions {}", w.name(), w.negotiated()));
        if (api != null && config.onvif().enabled()) {
            io.evex.runtime.onvif.Onvif.announce(
                    http.baseUri(),
                    result.workers().stream().anyMatch(w -> w.stats().kind().equals("rtsp")));
        }
        bus = new EventBus(result.workers(), catalog.converters(), lossless);
        filters = new PreprocessFilters(config.filters(), catalog, bus::publish, processes);
        clips = new ClipMaker(
                this::channels, channel -> Recorded.files(bus, channel), publisher(), catalog.latest("clip"));
        bus.tap(
                api == null
                        ? clips::seen
                        : event -> {
                            api.seen(event);
                            clips.seen(event);
                        });
        media = new MediaHub(
                result.workers().stream()
                        .map(w -> new MediaHub.Member(w.name(), w.exporter(), w.loader(), w.scope()))
                        .toList(),
                api == null ? Map.of() : api.videoOutputs());
        channels = new RunningChannels(publisher(), c -> media.channel(c.name(), c.recording()), this::createAnalysis);
        config.channels().forEach(channels::start);
        if (config.synthetic() != null) {
            synthetic = new SyntheticSource(config.synthetic(), catalog, publisher());
            synthetic.start();
        }
        if (config.cluster() != null) {
            joinCluster();
        }
        return this;
    }

    private void startHttp() {
        boolean wanted = !config.channels().isEmpty() || config.cluster() != null || alwaysHttp;
        if (!config.http().enabled() || !wanted) {
            return;
        }
        try {
            api = new Api(this, config.http(), config.onvif());
            http = HttpService.start(config.http(), api.auth(), api::routes);
            api.baseUri(http::baseUri);
            if (config.http().open()) {
                LOG.warn(
                        "http.auth is none: the API, the console, HLS and the status at {} answer anyone without a"
                                + " token, as the admin; only on a network you trust",
                        http.baseUri());
            }
            if (http.plainUri() != null) {
                LOG.warn(
                        "plain HTTP at {} as well (http.plain_port): tokens and video cross it unencrypted; only on"
                                + " a network you trust",
                        http.plainUri());
            }
            http.status(admin -> StatusReport.bytes(this, http.baseUri(), admin));
        } catch (IOException | RuntimeException e) {
            // The user asked for the API, HLS and the console: a run without them is a failed run.
            close();
            throw e instanceof PortTakenException taken
                    ? taken
                    : new IllegalStateException("HTTP server not started on "
                            + config.http().bind() + ":" + config.http().port() + ": " + e.getMessage());
        }
    }

    private void joinCluster() {
        try {
            clusterNode = new ClusterNode(channels, config.cluster(), channelDefinitions()).start();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot join the cluster: " + e.getMessage(), e);
        }
    }

    /** Serves HTTP even with no channel configured. Call before {@link #start}. */
    public Evex alwaysServeHttp() {
        this.alwaysHttp = true;
        return this;
    }

    /**
     * Stops this runtime when the JVM is asked to end (Ctrl-C, SIGTERM): {@link #awaitStop}
     * returns, and the JVM waits up to 30 s for {@link #close(long)} to finish.
     */
    public Evex stopOnShutdown() {
        lifecycle.stopOnShutdown();
        return this;
    }

    /** Asks the runtime to stop: {@link #awaitStop} returns true from now on. */
    public void stop() {
        lifecycle.stop();
    }

    /** Waits up to {@code timeoutMs} for a stop to be asked; true when it was. */
    public boolean awaitStop(long timeoutMs) throws InterruptedException {
        return lifecycle.awaitStop(timeoutMs);
    }

    /** True when nothing will make more events: every channel ended, and no synthetic source or cluster runs. */
    public boolean sourcesEnded() {
        List<Channel> running = channels.list();
        return synthetic == null
                && clusterNode == null
                && !running.isEmpty()
                && running.stream().allMatch(Channel::finished);
    }

    /** The configuration this runtime was started with. */
    public RuntimeConfig config() {
        return config;
    }

    @Override
    public synchronized Reconfiguration reconfiguration() {
        if (reconfiguration == null) {
            reconfiguration = new Reconfiguration(
                    config,
                    kinds.kinds(),
                    assembler,
                    bus,
                    channels,
                    new ConfigLoader(new SchemaValidator()).bounded(config.remote(), config.workingDirectory()),
                    Overrides.in(config.workingDirectory()));
        }
        return reconfiguration;
    }

    @Override
    public ClusterSettings cluster() {
        return config.cluster();
    }

    @Override
    public ClusterNode.Definitions channelDefinitions() {
        return new ConfigLoader(new SchemaValidator()).bounded(config.remote(), config.workingDirectory())::channel;
    }

    /** The owner of the running channels: start, stop and restart them through it. */
    public RunningChannels runningChannels() {
        return channels;
    }

    @Override
    public List<Channel> channels() {
        return channels == null ? List.of() : channels.list();
    }

    @Override
    public ClipMaker clips() {
        return clips;
    }

    @Override
    public Map<String, Object> live() {
        return api == null ? Map.of() : api.liveStats();
    }

    @Override
    public Map<String, Object> onvif() {
        Map<String, Object> status = api == null ? null : api.onvifStatus();
        return status == null ? Map.of() : status;
    }

    @Override
    public MediaHub media() {
        return media;
    }

    /** The HTTP server, or null when not running. */
    public HttpService http() {
        return http;
    }

    /** The HTTP API, or null when the server is not running. */
    public Api api() {
        return http == null ? null : api;
    }

    /** Where sources hand their events: through the preprocess filter of the event's channel, if one covers it, then onto the bus. */
    @Override
    public EventSink publisher() {
        if (filters == null) {
            return event -> {
                throw new IllegalStateException("the runtime has not started yet");
            };
        }
        return filters.entry();
    }

    @Override
    public List<PreprocessFilter> filters() {
        return filters == null ? List.of() : filters.list();
    }

    /**
     * The analysis stages of a channel; the standard ones of its settings unless overridden, with
     * pictures of the tracked objects cut from the frames and the channel's frame cache.
     */
    protected AnalysisPipeline createAnalysis(
            ChannelSettings channel, EventSink publisher, EventEnvelope envelope, FrameCache cache) {
        return ChannelAnalysis.standard(
                channel,
                publisher,
                envelope,
                new AnalysisParts(
                        () -> new CropEncoder(
                                channel.name(), cache, channel.objects().crops(), channel.detectUrl() != null),
                        (server, moving) ->
                                new ExtensionClient(channel.name(), server, moving, channel.readFasterThanRealTime())));
    }

    protected EventCatalog createCatalog() {
        return EventCatalog.load();
    }

    protected ExporterKinds createKinds(RuntimeConfig runtimeConfig) {
        return ExporterKinds.discover(runtimeConfig.pluginDirs(), runtimeConfig.exporterDirs(), catalog, processes);
    }

    protected ExporterAssembler createAssembler(Map<String, ExporterKind> kinds, Negotiator negotiator) {
        return new ExporterAssembler(
                kinds, negotiator, config.workingDirectory(), Ticker.SYSTEM, Clock.systemDefaultZone());
    }

    @Override
    public EventCatalog catalog() {
        return catalog;
    }

    @Override
    public EventBus bus() {
        return bus;
    }

    @Override
    public Map<String, ExporterKind> kinds() {
        return kinds.kinds();
    }

    /** One message per configured exporter that could not start. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /**
     * Leaves the cluster (handing its channels over), stops the synthetic source, the API's long
     * requests and the channels, lets the preprocess filters answer what they have, drains the
     * exporters' queues (at most {@code drainTimeoutMs}) and stops them, ends any child program
     * that outlived its exporter, then stops the plugins and the HTTP server.
     */
    public void close(long drainTimeoutMs) {
        if (clusterNode != null) {
            clusterNode.close();
        }
        if (synthetic != null) {
            synthetic.close();
        }
        if (api != null) {
            api.close(); // ends previews and long polls before the channels go
        }
        if (clips != null) {
            clips.close(); // writes the clips still gathering while the frame caches hold them
        }
        if (channels != null) {
            channels.stopAll(drainTimeoutMs);
        }
        if (media != null) {
            media.close();
        }
        if (filters != null) {
            filters.close();
        }
        if (bus != null) {
            bus.close(drainTimeoutMs);
        }
        int killed = processes.killAll();
        if (killed > 0) {
            LOG.warn("{} exporter programs were still running after shutdown and were killed", killed);
        }
        if (kinds != null) {
            kinds.close();
        }
        if (http != null) {
            http.close();
        }
        lifecycle.closed();
    }

    @Override
    public void close() {
        close(10_000);
    }
}
