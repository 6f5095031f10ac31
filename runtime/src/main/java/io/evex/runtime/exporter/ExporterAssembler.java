package io.evex.runtime.exporter;

import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.Subscriptions;
import io.evex.runtime.bus.ExporterWorker;
import io.evex.runtime.bus.OverflowPolicy;
import io.evex.runtime.bus.QueueSettings;
import io.evex.runtime.bus.Spool;
import io.evex.runtime.bus.RetryPolicy;
import io.evex.runtime.bus.Sleeper;
import io.evex.runtime.config.ExporterConfig;
import io.evex.runtime.negotiation.NegotiationException;
import io.evex.runtime.negotiation.Negotiator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.net.URI;

/**
 * Builds configured exporter instances: finds the kind, checks the settings, negotiates versions,
 * starts the exporter and wraps it in a worker. An instance that fails any step is refused with
 * one message that names it, where it was configured and why; the others still start.
 */
public final class ExporterAssembler {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, ExporterKind> kinds;
    private final Negotiator negotiator;
    private final Path workingDirectory;
    private final Sleeper sleeper;
    private final Clock clock;
    private BiFunction<String, Path, Optional<URI>> directoryPublisher = (path, dir) -> Optional.empty();

    public ExporterAssembler(Map<String, ExporterKind> kinds, Negotiator negotiator, Path workingDirectory,
                             Sleeper sleeper, Clock clock) {
        this.kinds = kinds;
        this.negotiator = negotiator;
        this.workingDirectory = workingDirectory;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Where exporters' {@link io.evex.api.ExporterContext#publish} goes: the runtime's HTTP server. */
    public ExporterAssembler publishingWith(BiFunction<String, Path, Optional<URI>> publisher) {
        this.directoryPublisher = publisher;
        return this;
    }

    /** The started workers and the refusals. */
    public record Result(List<ExporterWorker> workers, List<String> refusals) {
    }

    /** Builds every enabled exporter of the list. */
    public Result assemble(List<ExporterConfig> configs) {
        List<ExporterWorker> workers = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (ExporterConfig config : configs) {
            if (!config.enabled()) {
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
    public Map<String, Integer> negotiate(ExporterConfig config) throws RefusedException {
        ExporterKind kind = kind(config);
        settings(kind.factory(), config);
        return negotiateFor(kind.factory(), config);
    }

    private ExporterWorker build(ExporterConfig config) throws RefusedException {
        ExporterKind kind = kind(config);
        ExporterFactory factory = kind.factory();
        Settings settings = settings(factory, config);
        Map<String, Integer> negotiated = negotiateFor(factory, config);
        RuntimeExporterContext context = new RuntimeExporterContext(config.name(), settings, negotiated, workingDirectory, clock,
                directoryPublisher);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(kind.loader());
        Exporter exporter = null;
        try {
            exporter = factory.create();
            exporter.start(context);
        } catch (ExportException | RuntimeException e) {
            if (exporter != null) {
                exporter.stop();
            }
            throw refused(config, "failed to start: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
        QueueSettings queue;
        RetryPolicy retry;
        try {
            QueueSettings kindQueue = factory instanceof KindDefaults d ? d.queue()
                    : QueueSettings.fromJson(MAPPER.valueToTree(factory.defaultQueue()), QueueSettings.DEFAULT);
            queue = config.queueOver(kindQueue);
            retry = config.retry() != null ? config.retry()
                    : factory instanceof KindDefaults d ? d.retry()
                    : RetryPolicy.fromJson(MAPPER.valueToTree(factory.defaultRetry()), RetryPolicy.DEFAULT);
        } catch (IllegalArgumentException e) {
            exporter.stop();
            throw refused(config, "the kind's default queue or retry is invalid: " + e.getMessage());
        }
        ExporterWorker worker = new ExporterWorker(config.name(), config.type(), exporter, negotiated, queue, retry, sleeper,
                kind.loader(), context::counterValues);
        if (queue.overflow() == OverflowPolicy.SPOOL) {
            Path dir = workingDirectory.resolve(queue.spoolDir() != null ? queue.spoolDir() : Path.of(".evex", "spool", config.name()));
            try {
                worker.withSpool(new Spool(dir, queue.spoolMaxBytes(), queue.spoolDropOldest()));
            } catch (RuntimeException e) {
                exporter.stop();
                throw refused(config, e.getMessage());
            }
        }
        return worker;
    }

    private ExporterKind kind(ExporterConfig config) throws RefusedException {
        ExporterKind kind = kinds.get(config.type());
        if (kind == null) {
            throw refused(config, "there is no exporter kind '" + config.type() + "' (available: "
                    + String.join(", ", kinds.keySet()) + ")");
        }
        return kind;
    }

    private static Settings settings(ExporterFactory factory, ExporterConfig config) throws RefusedException {
        try {
            return factory.settings().resolve(config.settings());
        } catch (SettingsException e) {
            throw refused(config, e.getMessage());
        }
    }

    private Map<String, Integer> negotiateFor(ExporterFactory factory, ExporterConfig config) throws RefusedException {
        Subscriptions subscriptions = config.events() != null ? config.events() : factory.subscriptions();
        try {
            return negotiator.negotiate(config.name(), subscriptions);
        } catch (NegotiationException e) {
            throw new RefusedException(e.getMessage() + " [" + config.origin() + "]");
        }
    }

    private static RefusedException refused(ExporterConfig config, String why) {
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
