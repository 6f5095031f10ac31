/** The {@code nats} exporter: events on NATS JetStream, acknowledged, de-duplicated by event id. */
package io.evex.exporters.nats;
