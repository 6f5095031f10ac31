package io.evex.runtime.config;

import io.evex.api.Subscriptions;
import io.evex.runtime.bus.QueueSettings;
import io.evex.runtime.bus.RetryPolicy;
import java.util.Map;

/**
 * One configured exporter instance.
 *
 * @param name instance name (unique)
 * @param type the exporter kind
 * @param enabled whether to run it
 * @param events subscriptions replacing the kind's defaults, or {@code null} to keep them
 * @param settings raw setting values, checked against the kind's declaration when it is built
 * @param queueJson its {@code queue} object as written (checked), or {@code null}: what it leaves out comes
 *     from the kind's default queue
 * @param retry its retry policy, or {@code null} for the kind's default
 * @param origin where it was configured, for messages ({@code evex.yaml:14}, {@code --export json})
 */
public record ExporterConfig(String name, String type, boolean enabled, Subscriptions events,
                             Map<String, Object> settings, com.fasterxml.jackson.databind.JsonNode queueJson, RetryPolicy retry,
                             String origin) {

    /** The queue as configured over the runtime's defaults, or null when none was configured. */
    public QueueSettings queue() {
        return queueJson == null ? null : QueueSettings.fromJson(queueJson, QueueSettings.DEFAULT);
    }

    /** The queue as configured over {@code base} (the kind's default). */
    public QueueSettings queueOver(QueueSettings base) {
        return queueJson == null ? base : QueueSettings.fromJson(queueJson, base);
    }
}
