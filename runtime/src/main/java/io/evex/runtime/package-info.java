/**
 * The Evex application. {@link io.evex.runtime.Evex} is the composition root: it builds every part
 * from the configuration, hands each the narrow view it needs, and owns the run (start, cluster
 * membership, shutdown hook, stop); only {@code cli} imports it. The modules under it, by weight:
 * {@code runtime-engine} (event model, bus, exporter hosting, process exporters, negotiation,
 * dynamic strings), {@code runtime-video} (channels, video, media, analysis, the LVA client) and
 * this one ({@code config}, {@code reconfig}, {@code api} and {@code http}, {@code cluster},
 * {@code source}, {@code state}, {@code aiserver}, {@code cli}, the console).
 */
package io.evex.runtime;
