/**
 * The MQTT exporter: events as minified JSON to an MQTT broker through Eclipse Paho, MQTT 5 (with
 * {@code $id}/{@code $version} user properties) or 3.1.1, over TCP or TLS. Paho is used without its
 * own reconnect and persistence: the exporter keeps every unconfirmed message in order and
 * publishes it again after a reconnect, and the runtime's spool holds what waits meanwhile.
 */
package io.evex.exporters.mqtt;
