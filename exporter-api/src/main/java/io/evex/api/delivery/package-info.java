/**
 * How events reach an exporter: the one {@link io.evex.api.delivery.Backoff} every retry and
 * reconnect uses (with an injectable {@link io.evex.api.delivery.Ticker}), the overflow policies
 * of exporter queues, and the {@link io.evex.api.delivery.DeliveryDefaults} an exporter kind can
 * declare. The runtime owns queues and retries; an exporter classifies its failures and may hint
 * how long to wait ({@link io.evex.api.RetriableExportException#retryAfter()}).
 *
 * @since 0.3
 */
package io.evex.api.delivery;
