package io.evex.runtime.exporter;

import io.evex.api.Subscriptions;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.queue.QueueSettings;
import java.util.List;
import java.util.Map;

/**
 * One configured exporter instance, parsed and checked where it was written.
 *
 * @param name instance name (unique)
 * @param type the exporter kind
 * @param enabled whether to run it
 * @param events subscriptions replacing the kind's defaults, or {@code null} to keep them
 * @param settings raw setting values, checked against the kind's declaration when it is built
 * @param queue what its {@code queue} object sets, laid over the kind's default queue
 * @param retry its retry policy, or {@code null} for the kind's default
 * @param channels the channels whose events it gets ({@code channels: [door, yard]}); empty = all
 * @param origin where it was configured, for messages ({@code evex.yaml:14}, {@code --export json})
 * @param ifInstalled skip it quietly when its kind is not installed (a default of the command, not the user's wish)
 */
public record ExporterSettings(
        String name,
        String type,
        boolean enabled,
        Subscriptions events,
        Map<String, Object> settings,
        QueueSettings.Overrides queue,
        RetrySettings retry,
        List<String> channels,
        String origin,
        boolean ifInstalled) {

    public ExporterSettings {
        queue = queue == null ? QueueSettings.Overrides.NONE : queue;
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** A configuration the user wrote: a missing kind is an error. */
    public ExporterSettings(
            String name,
            String type,
            boolean enabled,
            Subscriptions events,
            Map<String, Object> settings,
            QueueSettings.Overrides queue,
            RetrySettings retry,
            String origin) {
        this(name, type, enabled, events, settings, queue, retry, List.of(), origin, false);
    }

    /** This configuration, skipped quietly when its kind is not installed. */
    public ExporterSettings whenInstalled() {
        return new ExporterSettings(name, type, enabled, events, settings, queue, retry, channels, origin, true);
    }
}
