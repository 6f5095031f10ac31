package io.evex.api;

import io.evex.api.delivery.DeliveryDefaults;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Describes one kind of exporter and creates instances of it. Mark implementations with PF4J's
 * {@code @Extension} so the runtime finds them in plugin jars.
 */
public interface ExporterFactory extends ExtensionPoint {

    /** The kind's unique name, used in configuration and on the command line, e.g. {@code "json"}. */
    String name();

    /** One line shown by {@code evex exporters}. */
    default String description() {
        return "";
    }

    /** The settings this kind takes, with types, ranges and defaults. */
    SettingsSpec settings();

    /**
     * What this kind subscribes to unless the configuration says otherwise. The default, every
     * event type at the newest version, suits sinks that store whatever they receive.
     */
    default Subscriptions subscriptions() {
        return Subscriptions.ALL_LATEST;
    }

    /**
     * The queue and retry this kind gets unless the configuration sets them, e.g. a spool for a
     * sink that must lose nothing while its destination is down:
     * {@code DeliveryDefaults.builder().overflow(OverflowPolicy.SPOOL).build()}. Checked before the
     * exporter is created; what is not set is the runtime's default.
     *
     * @since 0.3
     */
    default DeliveryDefaults deliveryDefaults() {
        return DeliveryDefaults.NONE;
    }

    /**
     * The queue this kind gets unless the configuration sets one, written like the configuration's
     * {@code queue} object. Empty: the runtime's default.
     *
     * @since 0.2
     * @deprecated since 0.3: return {@link #deliveryDefaults()} instead; still honoured for what
     *     {@code deliveryDefaults()} leaves unset
     */
    @Deprecated(since = "0.3")
    default Map<String, Object> defaultQueue() {
        return Map.of();
    }

    /**
     * The retry back-off this kind gets unless the configuration sets one, written like the
     * configuration's {@code retry} object ({@code initial_backoff_ms}, {@code max_backoff_ms},
     * {@code max_attempts}). Empty: the runtime's default.
     *
     * @since 0.2
     * @deprecated since 0.3: return {@link #deliveryDefaults()} instead; still honoured for what
     *     {@code deliveryDefaults()} leaves unset
     */
    @Deprecated(since = "0.3")
    default Map<String, Object> defaultRetry() {
        return Map.of();
    }

    /** A new, unstarted exporter. */
    Exporter create();
}
