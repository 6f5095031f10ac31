/**
 * Exporters as external programs in any language, described by {@code exporter.json} files
 * (CVEDIA-RT compatible): discovery and validation of descriptors, the process exporter that
 * writes NUL-framed JSON to a child's stdin, restarts it and optionally re-delivers what it did
 * not acknowledge; and the preprocess filter process.
 */
package io.evex.runtime.process;
