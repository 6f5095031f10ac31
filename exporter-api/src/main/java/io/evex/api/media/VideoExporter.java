package io.evex.api.media;

import io.evex.api.ExportException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An exporter of encoded video (MP4 files, HLS, RTMP, ...). Implement it next to
 * {@link io.evex.api.Exporter}; the runtime calls these methods on the exporter's own media
 * thread, never two at a time, and only between {@code start} and {@code stop}.
 *
 * <p>Per channel: {@link #open(VideoTrack)}, then packets in decoding order starting at a key
 * frame, then {@link #close(String)} when the channel stops or its format changes (a camera that
 * reconnects with another resolution gets a new {@code open}). When the exporter falls behind,
 * the runtime drops packets up to the next key frame and counts them, so what arrives always decodes.
 */
public interface VideoExporter {

    /** The rendition wanted; asked once, after {@code start}. */
    VideoRequest videoRequest();

    /** A channel's video begins (or restarts after a format change). */
    void open(VideoTrack track) throws ExportException;

    /** The next packet of a channel opened before. */
    void write(VideoPacket packet) throws ExportException;

    /** A channel's video ends: finish its files or streams. */
    void close(String channel) throws ExportException;

    /**
     * Where a viewer can watch {@code channel}'s output from this exporter (an HLS playlist, an RTSP
     * stream), if it serves one; the runtime prints it at start. Callable once {@code start} returned.
     *
     * @since 0.3
     */
    default Optional<URI> viewUrl(String channel) {
        return Optional.empty();
    }

    /**
     * The codecs, by FFmpeg's names ({@code h264}, {@code hevc}), this exporter takes as a camera
     * sends them when its request keeps the source's size and rate. A camera sending another codec
     * is re-encoded to H.264 for it. {@link VideoTrack#codec()} tells which one a channel has.
     *
     * @since 0.4
     */
    default Set<String> passThroughCodecs() {
        return Set.of("h264");
    }

    /**
     * The files this exporter recorded for {@code channel} that still exist, oldest first, so that
     * the runtime can serve clips from them (the HTTP API's {@code clip.mp4}). Exporters that keep
     * no files return none. Callable from any thread.
     *
     * @since 0.5
     */
    default List<Recording> recordings(String channel) {
        return List.of();
    }
}
