package io.evex.api;

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
     * The queue this kind gets unless the configuration sets one, written like the configuration's
     * {@code queue} object, e.g. {@code Map.of("overflow", "spool")} for a sink that must lose
     * nothing while its destination is down. Empty: the runtime's default.
     *
     * @since 0.2
     */
    default java.util.Map<String, Object> defaultQueue() {
        return java.util.Map.of();
    }

    /**
     * The retry back-off this kind gets unless the configuration sets one, written like the
     * configuration's {@code retry} object ({@code initial_backoff_ms}, {@code max_backoff_ms},
     * {@code max_attempts}). Empty: the runtime's default.
     *
     * @since 0.2
     */
    default java.util.Map<String, Object> defaultRetry() {
        return java.util.Map.of();
    }

    /** A new, unstarted exporter. */
    Exporter create();
}
