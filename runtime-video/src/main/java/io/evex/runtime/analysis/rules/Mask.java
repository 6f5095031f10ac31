package io.evex.runtime.analysis.rules;

/** A named polygon where something is ignored: motion, or objects standing in it. */
public record Mask(String name, Polygon polygon) {}
