package io.evex.runtime.exporter;

import io.evex.api.Counter;
import io.evex.api.ExporterContext;
import io.evex.api.Settings;
import io.evex.api.Template;
import io.evex.runtime.template.DynamicString;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ExporterContext} the runtime gives each exporter instance. */
public final class RuntimeExporterContext implements ExporterContext {

    private final String name;
    private final Settings settings;
    private final Map<String, Integer> negotiated;
    private final Path workingDirectory;
    private final Clock clock;
    private final Logger logger;
    private final DynamicString.Counters templateCounters = new DynamicString.Counters();
    private final Map<String, SimpleCounter> counters = new ConcurrentHashMap<>();
    private final BiFunction<String, Path, Optional<URI>> publisher;
    private java.util.function.Supplier<Optional<io.evex.api.TokenCheck>> tokens = Optional::empty;

    public RuntimeExporterContext(
            String name, Settings settings, Map<String, Integer> negotiated, Path workingDirectory, Clock clock) {
        this(name, settings, negotiated, workingDirectory, clock, (path, dir) -> Optional.empty());
    }

    /** @param publisher serves directories over HTTP: URL path and directory in, URL out (empty without HTTP) */
    public RuntimeExporterContext(
            String name,
            Settings settings,
            Map<String, Integer> negotiated,
            Path workingDirectory,
            Clock clock,
            BiFunction<String, Path, Optional<URI>> publisher) {
        this.publisher = publisher;
        this.name = name;
        this.settings = settings;
        this.negotiated = Collections.unmodifiableMap(new TreeMap<>(negotiated));
        this.workingDirectory = workingDirectory;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("evex.exporter." + name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public Counter counter(String counterName) {
        return counters.computeIfAbsent(counterName, n -> new SimpleCounter());
    }

    /** The values of the counters the exporter created. */
    public Map<String, Long> counterValues() {
        Map<String, Long> values = new TreeMap<>();
        counters.forEach((k, v) -> values.put(k, v.get()));
        return values;
    }

    @Override
    public Template template(String pattern) {
        return DynamicString.compile(pattern, settings.asMap(), templateCounters, clock, false);
    }

    @Override
    public Template pathTemplate(String pattern) {
        return DynamicString.compile(pattern, settings.asMap(), templateCounters, clock, true);
    }

    @Override
    public Map<String, Integer> negotiatedVersions() {
        return negotiated;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    private java.util.function.Supplier<java.util.List<io.evex.api.ChannelView>> channels = java.util.List::of;

    /** The channels, as the runtime has them when the exporter asks. */
    RuntimeExporterContext describingChannelsWith(
            java.util.function.Supplier<java.util.List<io.evex.api.ChannelView>> views) {
        this.channels = views;
        return this;
    }

    @Override
    public java.util.List<io.evex.api.ChannelView> channels() {
        return channels.get();
    }

    /** The API's tokens, as the runtime has them when the exporter asks. */
    RuntimeExporterContext checkingTokensWith(java.util.function.Supplier<Optional<io.evex.api.TokenCheck>> check) {
        this.tokens = check;
        return this;
    }

    @Override
    public Optional<io.evex.api.TokenCheck> apiTokens() {
        return tokens.get();
    }

    @Override
    public Optional<URI> publish(String urlPath, Path directory) {
        return publisher.apply(urlPath, workingDirectory.resolve(directory));
    }

    private static final class SimpleCounter implements Counter {
        private final LongAdder value = new LongAdder();

        @Override
        public void add(long n) {
            value.add(n);
        }

        @Override
        public long get() {
            return value.sum();
        }
    }
}
