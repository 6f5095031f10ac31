/** The {@code evex} command line (picocli): run, replay, validate, schemas, exporters, channels, cluster, ai-server. */
package io.evex.runtime.cli;
