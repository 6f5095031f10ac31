/**
 * Hosting exporters: finding exporter kinds in plugin jars (PF4J), building each configured
 * instance (settings, negotiation, start) and wrapping it in its worker.
 */
package io.evex.runtime.exporter;
