/**
 * The HTTP API under {@code /api/v1} for AI engines and video-management systems: channels and
 * their probe, images (latest, past, next for a named consumer), previews, clips, metadata written
 * back, groups of channels with their tokens, events in and out, exporters and metrics. The server,
 * tokens and errors are {@code io.evex.runtime.http}'s.
 */
package io.evex.runtime.api;
