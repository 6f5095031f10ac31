/**
 * Video channels: each channel demuxes and decodes its source once ({@link io.evex.runtime.channel.Channel}),
 * keeps recent frames in a {@link io.evex.runtime.video.FrameCache}, runs the analysis stages on
 * them, and feeds renditions (one encoder per distinct request, or the camera's own packets) that
 * fan out to media exporters through bounded outlets.
 *
 * <p>Frames are FFmpeg reference-counted {@code AVFrame}s: the cache, the motion detector and every
 * encoder share the decoder's buffers without copying them.
 */
package io.evex.runtime.video;
