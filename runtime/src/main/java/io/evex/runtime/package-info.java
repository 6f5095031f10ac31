/**
 * The Evex runtime. {@link io.evex.runtime.Evex} wires the parts together; the sub-packages hold
 * one concern each: {@code bus}, {@code negotiation}, {@code exporter} (plugin hosting),
 * {@code config}, {@code template} (dynamic strings), {@code source} and {@code cli}.
 */
package io.evex.runtime;
