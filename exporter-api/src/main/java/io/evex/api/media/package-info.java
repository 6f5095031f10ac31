/**
 * Video for exporters: an {@link io.evex.api.Exporter} that also implements
 * {@link io.evex.api.media.VideoExporter} receives a channel's "output stream" as encoded H.264,
 * one that implements {@link io.evex.api.media.ImageExporter} receives it as JPEG or PNG images.
 *
 * <p>The runtime decodes each channel once and encodes once per distinct request (a rendition),
 * whatever the number of exporters asking for it; when a request matches the camera's own H.264,
 * the camera's packets are passed through without any re-encode. Exporters only write or send
 * the bytes they are given, so this package needs no video library.
 */
package io.evex.api.media;
