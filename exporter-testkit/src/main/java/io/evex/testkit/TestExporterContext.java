package io.evex.testkit;

import io.evex.api.Counter;
import io.evex.api.ExporterContext;
import io.evex.api.ExporterFactory;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.Template;
import io.evex.runtime.exporter.RuntimeExporterContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The context the runtime would give an exporter, made in a test: settings resolved and checked by
 * the kind's own spec, templates compiled by the runtime's engine, counters readable afterwards.
 * <pre>{@code
 * TestExporterContext ctx = TestExporterContext.of(new MyFactory()).setting("path", dir + "/out.jsonl").build();
 * exporter.start(ctx);
 * assertEquals(3, ctx.counters().get("written"));
 * }</pre>
 */
public final class TestExporterContext implements ExporterContext {

    private final RuntimeExporterContext delegate;

    private TestExporterContext(RuntimeExporterContext delegate) {
        this.delegate = delegate;
    }

    /** Starts a context for an exporter of {@code factory}'s kind. */
    public static Builder of(ExporterFactory factory) {
        return new Builder(factory);
    }

    /** The values of every counter the exporter used. */
    public Map<String, Long> counters() {
        return delegate.counterValues();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Settings settings() {
        return delegate.settings();
    }

    @Override
    public Logger logger() {
        return delegate.logger();
    }

    @Override
    public Counter counter(String name) {
        return delegate.counter(name);
    }

    @Override
    public Template template(String pattern) {
        return delegate.template(pattern);
    }

    @Override
    public Template pathTemplate(String pattern) {
        return delegate.pathTemplate(pattern);
    }

    @Override
    public Map<String, Integer> negotiatedVersions() {
        return delegate.negotiatedVersions();
    }

    @Override
    public Path workingDirectory() {
        return delegate.workingDirectory();
    }

    @Override
    public Optional<URI> publish(String urlPath, Path directory) {
        return delegate.publish(urlPath, directory);
    }

    /** Collects settings and where the exporter works. */
    public static final class Builder {
        private final ExporterFactory factory;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private String name;
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private Map<String, Integer> negotiated = Map.of();

        private Builder(ExporterFactory factory) {
            this.factory = factory;
            this.name = factory.name();
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** A setting as a user would write it (strings are converted as the runtime converts them). */
        public Builder setting(String key, Object value) {
            settings.put(key, value);
            return this;
        }

        public Builder settings(Map<String, ?> values) {
            settings.putAll(values);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir.toAbsolutePath();
            return this;
        }

        /** The version negotiated per event type, as the exporter will see it. */
        public Builder negotiated(Map<String, Integer> value) {
            this.negotiated = value;
            return this;
        }

        /** @throws SettingsException as the runtime would refuse these settings */
        public TestExporterContext build() throws SettingsException {
            Settings resolved = factory.settings().resolve(settings);
            return new TestExporterContext(
                    new RuntimeExporterContext(name, resolved, negotiated, workingDirectory, Clock.systemUTC()));
        }
    }
}
