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

    /** A new, unstarted exporter. */
    Exporter create();
}
