package io.evex.runtime.process;

import io.evex.api.Exporter;
import io.evex.api.ExporterFactory;
import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;

/** A descriptor seen as an exporter kind, so it is configured, negotiated and hosted like any other. */
public final class ProcessExporterFactory implements ExporterFactory {

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
        String shown = descriptor.displayName().equals(descriptor.name()) ? "" : descriptor.displayName() + ": ";
        return shown
                + (descriptor.description().isEmpty()
                        ? "external program: " + String.join(" ", descriptor.command())
                        : descriptor.description());
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

    /**
     * The worker retries a delivery quickly; while the program is down, the exporter's retry hint
     * (the time until its next start, on the descriptor's restart back-off) sets the pace.
     */
    @Override
    public DeliveryDefaults deliveryDefaults() {
        Backoff restart = descriptor.restartBackoff();
        return DeliveryDefaults.builder()
                .retry(Backoff.ofMillis(
                        Math.min(100, restart.initial().toMillis()),
                        restart.initial().toMillis()))
                .build();
    }

    public ExporterDescriptor descriptor() {
        return descriptor;
    }
}
