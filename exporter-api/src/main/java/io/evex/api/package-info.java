/**
 * The Evex exporter API: what a plugin, a built-in sink or any third party implements to receive
 * Evex events.
 *
 * <p>An exporter is found through an {@link io.evex.api.ExporterFactory} (a PF4J extension point),
 * declares the event types and schema versions it accepts ({@link io.evex.api.Subscriptions}) and
 * its typed settings ({@link io.evex.api.SettingsSpec}), and receives {@link io.evex.api.Event}s
 * already converted to the version the runtime negotiated for it. Queues, retries, back-off and
 * overflow are the runtime's job: an exporter only says how a delivery failed.
 */
package io.evex.api;
