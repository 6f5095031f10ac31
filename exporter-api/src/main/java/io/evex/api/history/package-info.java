/**
 * Event history: what an exporter that keeps events (the embedded store, a database) answers the
 * runtime's API with — pages of events by time and filters, one event by id, counts per bucket.
 */
package io.evex.api.history;
