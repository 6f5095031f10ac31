/** The {@code evex} command line (picocli): run, replay, validate, schemas, exporters. */
package io.evex.runtime.cli;
