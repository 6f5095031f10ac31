package io.evex.runtime.process;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.runtime.bus.QueueSettings;
import io.evex.runtime.bus.RetryPolicy;
import io.evex.runtime.exporter.KindDefaults;

/** A descriptor seen as an exporter kind, so it is configured, negotiated and hosted like any other. */
public final class ProcessExporterFactory implements ExporterFactory, KindDefaults {

    private final ExporterDescriptor descriptor;
    private final ProcessHost host;

    public ProcessExporterFactory(ExporterDescriptor descriptor, ProcessHost host) {
        this.descriptor = descriptor;
        this.host = host;
    }

    @Override
    public String name() {
        return descriptor.name();
    }

    @Override
    public String description() {
        return descriptor.description().isEmpty() ? "external program: " + String.join(" ", descriptor.command())
                : descriptor.description();
    }

    @Override
    public SettingsSpec settings() {
        return descriptor.settings();
    }

    @Override
    public Subscriptions subscriptions() {
        return descriptor.events();
    }

    @Override
    public Exporter create() {
        return new ProcessExporter(descriptor, host);
    }

    @Override
    public QueueSettings queue() {
        return descriptor.queue();
    }

    @Override
    public RetryPolicy retry() {
        return descriptor.restartBackoff();
    }

    public ExporterDescriptor descriptor() {
        return descriptor;
    }
}
