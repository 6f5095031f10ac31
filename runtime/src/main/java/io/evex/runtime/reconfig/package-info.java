/**
 * Changing a running runtime through the API: exporters, channels and rules checked as the
 * configuration file would be, applied without touching the rest, kept in {@code .evex/overrides.json}.
 */
package io.evex.runtime.reconfig;
