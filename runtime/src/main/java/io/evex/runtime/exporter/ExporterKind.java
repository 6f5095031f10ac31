package io.evex.runtime.exporter;

import io.evex.api.ExporterFactory;

/**
 * One kind of exporter that can be configured.
 *
 * @param factory creates instances
 * @param origin where it was found, e.g. {@code plugin evex-file (builtin-plugins/evex-file.jar)}
 * @param loader the class loader its code runs with
 */
public record ExporterKind(ExporterFactory factory, String origin, ClassLoader loader) {

    public String name() {
        return factory.name();
    }
}
