/**
 * Media exporters: MP4 recordings, HLS, RTMP push, GStreamer pipelines, RTSP (served: {@code rtsp}) ({@link io.evex.api.media.VideoExporter}) and
 * JPG/PNG images ({@link io.evex.api.media.ImageExporter}). They receive already encoded
 * packets or images from the runtime and only mux or write them; {@link PacketMuxer} is the one
 * piece of FFmpeg they share.
 */
package io.evex.exporters.media;
