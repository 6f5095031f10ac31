/**
 * Recordings that run for months: the segments an MP4 exporter wrote, indexed on disk with their
 * wall-clock spans and whether events touched them; retention by age and kind, a storage budget, and
 * the index rebuilt after a restart or a kill.
 */
package io.evex.exporters.media.recording;
