/**
 * Live video for browsers (Media Source Extensions): the channels' H.264/H.265 packets packaged as
 * fragmented MP4, once per frame for every viewer, with a group of pictures kept for viewers who
 * join and per-viewer flow control that skips a slow viewer to the next key frame.
 *
 * <p>{@link io.evex.runtime.live.LiveVideo} is fed as a media exporter is; the HTTP API's live route
 * joins viewers ({@link io.evex.runtime.live.LiveViewer}) to it.
 */
package io.evex.runtime.live;
