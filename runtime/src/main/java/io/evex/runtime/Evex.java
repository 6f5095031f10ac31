package io.evex.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.analysis.AnalysisParts;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.api.Api;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.cluster.ClusterNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.Overrides;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.exporter.ExporterAssembler;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.extension.ExtensionClient;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.media.CropEncoder;
import io.evex.runtime.media.MediaHub;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.PreprocessFilter;
import io.evex.runtime.process.ProcessHost;
import io.evex.runtime.video.Channel;
import io.evex.runtime.video.ChannelAnalysis;
import io.evex.runtime.video.ChannelSettings;
import io.evex.runtime.video.FrameCache;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.SchemaValidator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Evex: the catalog, the exporter kinds found in plugins, the started exporters with
 * the bus in front of them, the video channels feeding the bus and the media outputs, and the HTTP
 * server. Each part is made by a protected {@code createXxx} method, so a test or an
 * embedding application can replace one part and keep the rest.
 */
public class Evex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Evex.class);

    private final RuntimeConfig config;
    private final boolean lossless;
    private EventCatalog catalog;
    private ExporterKinds kinds;
    private final ProcessHost processes = new ProcessHost();
    private EventBus bus;
    private final List<String> refusals = new ArrayList<>();
    private final List<PreprocessFilter> filters = new ArrayList<>();
    private final List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean alwaysHttp;
    private Consumer<ObjectNode> channelPublisher;
    private EventEnvelope channelEnvelope;
    private MediaHub media;
    private ExporterAssembler assembler;
    private LiveConfig live;
    private HttpService http;
    private Api api;

    /**
     * @param lossless publishers wait for room in full queues instead of applying overflow
     *     policies; for replays, where dropping is never wanted
     */
    public Evex(RuntimeConfig config, boolean lossless) {
        this.config = config;
        this.lossless = lossless;
    }

    /**
     * Loads plugins, starts the HTTP server (when there are channels), builds and starts every
     * configured exporter, opens the bus, then starts the channels.
     */
    public Evex start() {
        catalog = createCatalog();
        kinds = createKinds(config);
        Negotiator negotiator = new Negotiator(catalog);
        if (config.http().enabled() && (!config.channels().isEmpty() || alwaysHttp)) {
            try {
                api = new Api(this, config.http());
                http = HttpService.start(config.http(), api.auth(), api::routes);
                api.baseUri(http::baseUri);
                http.status(() -> StatusReport.bytes(this));
            } catch (IOException | RuntimeException e) {
                LOG.error(
                        "HTTP server not started on {}:{}: {}; the API, HLS and the status are unavailable",
                        config.http().bind(),
                        config.http().port(),
                        e.getMessage());
            }
        }
        assembler = createAssembler(kinds.kinds(), negotiator)
                .publishingWith((path, dir) -> http == null ? Optional.empty() : Optional.of(http.publish(path, dir)))
                .feeding(channelFeeds());
        ExporterAssembler.Result result = assembler.assemble(config.exporters());
        refusals.addAll(result.refusals());
        refusals.forEach(LOG::error);
        result.workers().forEach(w -> LOG.info("exporter '{}' started, versions {}", w.name(), w.negotiated()));
        bus = new EventBus(result.workers(), catalog.converters(), lossless);
        if (api != null) {
            bus.tap(api::seen);
        }
        for (int i = 0; i < config.filters().size(); i++) {
            filters.add(new PreprocessFilter(
                            "preprocess-" + (i + 1), config.filters().get(i), catalog, bus::publish, processes)
                    .start());
        }
        media = new MediaHub(result.workers().stream()
                .map(w -> new MediaHub.Member(w.name(), w.exporter(), w.loader()))
                .toList());
        channelPublisher = publisher();
        channelEnvelope = new EventEnvelope();
        for (ChannelSettings c : config.channels()) {
            startChannel(c);
        }
        return this;
    }

    /** Changes to this runtime while it runs (exporters, rules), kept in {@code .evex/overrides.json}. */
    public synchronized LiveConfig live() {
        if (live == null) {
            live = new LiveConfig(
                    this, new ConfigLoader(new SchemaValidator()), Overrides.in(config.workingDirectory()));
        }
        return live;
    }

    /** Builds exporter instances the way the configured ones were (for exporters added while running). */
    ExporterAssembler assembler() {
        return assembler;
    }

    /** The cluster this runtime is a node of, or null when it runs alone. */
    public ClusterSettings cluster() {
        return config.cluster();
    }

    /** Reads a cluster's channel definitions as the configuration reads its channels. */
    public ClusterNode.Definitions channelDefinitions() {
        return new ConfigLoader(new SchemaValidator())::channel;
    }

    /** The configuration this runtime was started with. */
    public RuntimeConfig config() {
        return config;
    }

    /** Serves HTTP even with no channel configured (a cluster node gets its channels later). Call before {@link #start}. */
    public Evex alwaysServeHttp() {
        this.alwaysHttp = true;
        return this;
    }

    /**
     * Starts a channel while the runtime runs (a cluster node given a channel).
     *
     * @throws IllegalArgumentException when a channel of that name runs already
     */
    public synchronized Channel startChannel(ChannelSettings c) {
        if (channels.stream().anyMatch(x -> x.name().equals(c.name()))) {
            throw new IllegalArgumentException("channel '" + c.name() + "' runs already");
        }
        Consumer<ObjectNode> publisher = channelPublisher;
        EventEnvelope envelope = channelEnvelope;
        Channel channel = new Channel(
                        c,
                        publisher,
                        envelope,
                        media.channel(c.name()),
                        cache -> createAnalysis(c, publisher, envelope, cache))
                .start();
        channels.add(channel);
        return channel;
    }

    /** Stops a channel while the runtime runs (its outputs are flushed and closed); false when none runs by that name. */
    public synchronized boolean stopChannel(String name, long timeoutMs) {
        for (Channel c : channels) {
            if (c.name().equals(name)) {
                c.stop(timeoutMs);
                channels.remove(c);
                return true;
            }
        }
        return false;
    }

    /**
     * The channels that name the exporters they feed; a name that is no configured exporter is
     * said once (the channel then feeds only the others it names).
     */
    private Map<String, List<String>> channelFeeds() {
        Map<String, List<String>> feeds = new LinkedHashMap<>();
        Set<String> exporters = new HashSet<>();
        config.exporters().forEach(e -> exporters.add(e.name()));
        for (ChannelSettings c : config.channels()) {
            if (!c.exporters().isEmpty()) {
                feeds.put(c.name(), c.exporters());
                c.exporters().stream()
                        .filter(name -> !exporters.contains(name))
                        .forEach(name ->
                                LOG.warn("channel '{}' names exporter '{}', which is not configured", c.name(), name));
            }
        }
        return feeds;
    }

    /** The running channels, in configuration order. */
    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    /** The media outputs (renditions and outlets of media exporters). */
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

    /**
     * Where sources hand their events: through the preprocess filter of the event's channel, if
     * one covers it, then onto the bus.
     */
    public Consumer<ObjectNode> publisher() {
        if (filters.isEmpty()) {
            return bus::publish;
        }
        return event -> {
            String channel = event.path("channel").asText();
            for (int i = 0; i < filters.size(); i++) {
                if (config.filters().get(i).covers(channel)) {
                    filters.get(i).accept(event);
                    return;
                }
            }
            bus.publish(event);
        };
    }

    /** The running preprocess filters, in configuration order. */
    public List<PreprocessFilter> filters() {
        return List.copyOf(filters);
    }

    /**
     * The analysis stages of a channel; the standard ones of its settings unless overridden, with
     * pictures of the tracked objects cut from the frames and the channel's frame cache.
     */
    protected AnalysisPipeline createAnalysis(
            ChannelSettings channel, Consumer<ObjectNode> publisher, EventEnvelope envelope, FrameCache cache) {
        return ChannelAnalysis.standard(
                channel,
                publisher,
                envelope,
                new AnalysisParts(
                        () -> new CropEncoder(
                                channel.name(), cache, channel.objects().crops()),
                        (server, moving) -> new ExtensionClient(channel.name(), server, moving)));
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

    public EventCatalog catalog() {
        return catalog;
    }

    public EventBus bus() {
        return bus;
    }

    /** Exporter kinds: plugins (directories and classpath) and descriptors. */
    public Map<String, ExporterKind> kinds() {
        return kinds.kinds();
    }

    /** One message per configured exporter that could not start. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /**
     * Lets the preprocess filters answer what they have, drains the exporters' queues (at most {@code drainTimeoutMs}) and stops them, then ends any
     * child program that outlived its exporter, then stops the plugins.
     */
    public void close(long drainTimeoutMs) {
        if (api != null) {
            api.close(); // ends previews and long polls before the channels go
        }
        channels.forEach(c -> c.stop(drainTimeoutMs));
        if (media != null) {
            media.close();
        }
        filters.forEach(PreprocessFilter::close);
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
    }

    @Override
    public void close() {
        close(10_000);
    }
}
