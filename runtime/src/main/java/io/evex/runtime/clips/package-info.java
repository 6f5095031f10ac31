/**
 * Event clips: for the event types a channel names, a clip of the camera's own packets around the
 * event and a snapshot with its boxes, kept on disk and announced by a {@code clip} event.
 */
package io.evex.runtime.clips;
