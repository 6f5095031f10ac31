package io.evex.exporters.media;

import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HLS per channel: {@code <dir>/<channel>/index.m3u8} and its MPEG-TS segments, old segments
 * deleted as the playlist slides, served by the runtime at
 * {@code http://<host>:<port>/<url_path>/<channel>/index.m3u8}.
 */
final class HlsExporter extends VideoExporterBase {

    private Path root;
    private double segmentSeconds;
    private int playlistSize;
    private boolean deleteOld;
    private URI base;

    @Override
    protected void configure(ExporterContext ctx) throws ExportException {
        root = ctx.workingDirectory().resolve(ctx.settings().getString("dir")).normalize();
        segmentSeconds = ctx.settings().getDuration("segment").toMillis() / 1000.0;
        playlistSize = ctx.settings().getInt("playlist_size");
        deleteOld = ctx.settings().getBoolean("delete_segments");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new PermanentExportException("cannot create " + root + ": " + e.getMessage());
        }
        base = ctx.publish(ctx.settings().getString("url_path"), root).orElse(null);
        if (request.keyframeSeconds() > segmentSeconds) {
            ctx.logger()
                    .warn(
                            "keyframe_interval {}s is longer than segment {}s: segments will be longer than asked",
                            request.keyframeSeconds(),
                            segmentSeconds);
        }
    }

    @Override
    protected PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException {
        Path dir = root.resolve(track.channel());
        try {
            Files.createDirectories(dir);
            // A new stream: segments of an earlier run would confuse players and never be deleted.
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.{ts,m3u8,tmp}")) {
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new PermanentExportException("cannot prepare " + dir + ": " + e.getMessage());
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("hls_time", Double.toString(segmentSeconds));
        options.put("hls_list_size", Integer.toString(playlistSize));
        options.put("hls_flags", (deleteOld ? "delete_segments+" : "") + "independent_segments+temp_file");
        options.put("hls_segment_filename", dir.resolve("segment-%06d.ts").toString());
        options.put("hls_allow_cache", "0");
        context.logger()
                .info(
                        "HLS of channel '{}' in {}{}",
                        track.channel(),
                        dir,
                        base == null ? "" : " at " + url(track.channel()));
        return new PacketMuxer("hls", dir.resolve("index.m3u8").toString(), track, options, 10_000);
    }

    private URI url(String channel) {
        return base.resolve(channel + "/index.m3u8");
    }

    @Override
    public Optional<URI> viewUrl(String channel) {
        return base == null ? Optional.empty() : Optional.of(url(channel));
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = super.status();
        if (base != null) {
            status.put("url", base + "<channel>/index.m3u8");
            tracks.keySet().forEach(c -> status.put("url." + c, url(c).toString()));
        } else {
            status.put("url", root.resolve("<channel>").resolve("index.m3u8").toString());
        }
        return status;
    }
}
