package io.evex.runtime.exporter;

import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.Subscriptions;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.bus.delivery.ChannelScope;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.queue.EventQueue;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.negotiation.NegotiationException;
import io.evex.runtime.negotiation.Negotiator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Builds configured exporter instances: finds the kind, checks the settings, negotiates versions,
 * resolves the queue and retry over the kind's defaults (all before anything is created), then
 * opens the queue, starts the exporter and wraps both in a worker. An instance that fails any step is refused with
 * one message that names it, where it was configured and why; the others still start.
 */
public final class ExporterAssembler {

    private final Map<String, ExporterKind> kinds;
    private final Negotiator negotiator;
    private final Path workingDirectory;
    private final Ticker ticker;
    private final Clock clock;
    private BiFunction<String, Path, Optional<URI>> directoryPublisher = (path, dir) -> Optional.empty();
    private java.util.function.Supplier<Optional<io.evex.api.TokenCheck>> tokenCheck = Optional::empty;
    private Map<String, List<String>> channelFeeds = Map.of();

    public ExporterAssembler(
            Map<String, ExporterKind> kinds, Negotiator negotiator, Path workingDirectory, Ticker ticker, Clock clock) {
        this.kinds = kinds;
        this.negotiator = negotiator;
        this.workingDirectory = workingDirectory;
        this.ticker = ticker;
        this.clock = clock;
    }

    private java.util.function.Supplier<List<io.evex.api.ChannelView>> channelViews = List::of;

    /** What exporters' {@link io.evex.api.ExporterContext#channels} answer: the running channels. */
    public ExporterAssembler describingChannelsWith(java.util.function.Supplier<List<io.evex.api.ChannelView>> views) {
        this.channelViews = views;
        return this;
    }

    /** What exporters' {@link io.evex.api.ExporterContext#apiTokens} answer: the runtime's API. */
    public ExporterAssembler checkingTokensWith(java.util.function.Supplier<Optional<io.evex.api.TokenCheck>> check) {
        this.tokenCheck = check;
        return this;
    }

    /** Where exporters' {@link io.evex.api.ExporterContext#publish} goes: the runtime's HTTP server. */
    public ExporterAssembler publishingWith(BiFunction<String, Path, Optional<URI>> publisher) {
        this.directoryPublisher = publisher;
        return this;
    }

    /**
     * The channels that name the exporters they feed ({@code channels[].exporters}): an exporter
     * they do not name gets none of their events.
     */
    public ExporterAssembler feeding(Map<String, List<String>> feeds) {
        this.channelFeeds = Map.copyOf(feeds);
        return this;
    }

    /** The started workers and the refusals. */
    public record Result(List<ExporterWorker> workers, List<String> refusals) {}

    /** Builds every enabled exporter of the list. */
    public Result assemble(List<ExporterSettings> configs) {
        List<ExporterWorker> workers = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (ExporterSettings config : configs) {
            if (!config.enabled() || (config.ifInstalled() && !kinds.containsKey(config.type()))) {
                continue;
            }
            try {
                workers.add(build(config));
            } catch (RefusedException e) {
                refusals.add(e.getMessage());
            }
        }
        workers.forEach(ExporterWorker::start);
        return new Result(workers, refusals);
    }

    /** Resolves a configuration as far as negotiation, without starting anything. */
    public Map<String, Integer> negotiate(ExporterSettings config) throws RefusedException {
        return plan(config).negotiated();
    }

    /** Everything about an instance that can be checked before its exporter exists. */
    private record Plan(
            ExporterKind kind,
            Settings settings,
            Map<String, Integer> negotiated,
            QueueSettings queue,
            RetrySettings retry,
            Path spoolDir) {}

    /** Resolves settings, versions, queue and retry; nothing is created or started yet. */
    private Plan plan(ExporterSettings config) throws RefusedException {
        ExporterKind kind = kind(config);
        ExporterFactory factory = kind.factory();
        Settings settings = settings(factory, config);
        Map<String, Integer> negotiated = negotiateFor(factory, config);
        QueueSettings queue;
        RetrySettings retry;
        try {
            KindDelivery defaults = KindDelivery.of(factory);
            queue = config.queue().over(kind.queue().over(defaults.queue()));
            retry = config.retry() != null ? config.retry() : defaults.retry();
        } catch (IllegalArgumentException e) {
            throw refused(config, "the queue or retry is invalid: " + e.getMessage());
        }
        Path spoolDir = workingDirectory.resolve(
                queue.spoolDir() != null ? queue.spoolDir() : Path.of(".evex", "spool", config.name()));
        return new Plan(kind, settings, negotiated, queue, retry, spoolDir);
    }

    private ExporterWorker build(ExporterSettings config) throws RefusedException {
        Plan plan = plan(config);
        EventQueue queue;
        try {
            queue = EventQueue.open(plan.queue(), plan.spoolDir());
        } catch (RuntimeException e) {
            throw refused(config, e.getMessage());
        }
        RuntimeExporterContext context = new RuntimeExporterContext(
                        config.name(), plan.settings(), plan.negotiated(), workingDirectory, clock, directoryPublisher)
                .checkingTokensWith(tokenCheck)
                .describingChannelsWith(channelViews);
        Exporter exporter = null;
        try (LoaderSwap swap = LoaderSwap.use(plan.kind().loader())) {
            exporter = plan.kind().factory().create();
            exporter.start(context);
        } catch (ExportException | RuntimeException e) {
            queue.close();
            if (exporter != null) {
                exporter.stop();
            }
            throw refused(config, "failed to start: " + e.getMessage());
        }
        return ExporterWorker.builder(config.name(), exporter)
                .kind(config.type())
                .negotiated(plan.negotiated())
                .queue(queue)
                .retry(plan.retry())
                .ticker(ticker)
                .loader(plan.kind().loader())
                .counters(context::counterValues)
                .scope(ChannelScope.of(config.name(), config.channels(), channelFeeds))
                .build();
    }

    private ExporterKind kind(ExporterSettings config) throws RefusedException {
        ExporterKind kind = kinds.get(config.type());
        if (kind == null) {
            throw refused(
                    config,
                    "there is no exporter kind '" + config.type() + "' (available: " + String.join(", ", kinds.keySet())
                            + ")");
        }
        return kind;
    }

    private static Settings settings(ExporterFactory factory, ExporterSettings config) throws RefusedException {
        try {
            return factory.settings().resolve(config.settings());
        } catch (SettingsException e) {
            throw refused(config, e.getMessage());
        }
    }

    private Map<String, Integer> negotiateFor(ExporterFactory factory, ExporterSettings config)
            throws RefusedException {
        Subscriptions subscriptions = config.events() != null ? config.events() : factory.subscriptions();
        try {
            return negotiator.negotiate(config.name(), subscriptions);
        } catch (NegotiationException e) {
            throw new RefusedException(e.getMessage() + " [" + config.origin() + "]");
        }
    }

    private static RefusedException refused(ExporterSettings config, String why) {
        return new RefusedException("exporter '" + config.name() + "' refused: " + why + " [" + config.origin() + "]");
    }

    /** An exporter instance could not be built; the message says which, where and why. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
