/**
 * Video below the channel: opening and demuxing a source once ({@link io.evex.runtime.video.VideoInput}),
 * decoding, pacing files to real time, the ring of recent frames ({@link io.evex.runtime.video.FrameCache}),
 * clips and recordings read back, and the frame types the analysis and the media outputs share.
 *
 * <p>Frames are FFmpeg reference-counted {@code AVFrame}s: the cache, the analysis and every
 * encoder share the decoder's buffers without copying them.
 */
package io.evex.runtime.video;
