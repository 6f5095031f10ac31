/**
 * The {@code postgres} exporter: events into one PostgreSQL table, columns for what people filter
 * on and the whole event as {@code jsonb}, batched, idempotent on the event id.
 */
package io.evex.exporters.postgres;
