/**
 * The {@code rtsp} exporter: an RTSP server (RFC 2326) on Netty that serves each channel's H.264
 * (or the camera's own H.265) at {@code rtsp://host:port/topic}. One RTP packetization of each
 * frame ({@link io.evex.exporters.media.rtsp.RtpPacketizer}) is shared by every client of a
 * {@link io.evex.exporters.media.rtsp.RtspStream}; each
 * {@link io.evex.exporters.media.rtsp.RtspSession} only decides whether it can take the next frame.
 */
package io.evex.exporters.media.rtsp;
