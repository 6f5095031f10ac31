/**
 * Version negotiation: for every event type an exporter subscribes to, the highest version that
 * both the exporter accepts and Evex can produce (its native version or one reachable through
 * converters).
 */
package io.evex.runtime.negotiation;
