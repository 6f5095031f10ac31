package io.evex.runtime.exporter;

import io.evex.api.ExporterFactory;
import io.evex.runtime.bus.queue.QueueSettings;

/**
 * One kind of exporter that can be configured.
 *
 * @param factory creates instances
 * @param origin where it was found, e.g. {@code plugin evex-file (builtin-plugins/evex-file.jar)}
 * @param loader the class loader its code runs with
 * @param queue the queue its own definition sets (a descriptor's {@code queue}), over the factory's
 *     {@link ExporterFactory#deliveryDefaults() defaults}; the configuration goes over both
 */
public record ExporterKind(ExporterFactory factory, String origin, ClassLoader loader, QueueSettings.Overrides queue) {

    /** A kind defined by its factory alone. */
    public ExporterKind(ExporterFactory factory, String origin, ClassLoader loader) {
        this(factory, origin, loader, QueueSettings.Overrides.NONE);
    }

    public String name() {
        return factory.name();
    }
}
