/** Built-in file exporters: JSON (whole documents or JSON lines) and CSV, with CVEDIA-RT's settings. */
package io.evex.exporters.file;
