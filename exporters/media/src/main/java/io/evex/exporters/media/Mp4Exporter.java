package io.evex.exporters.media;

import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.Template;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Records MP4 files, a new one every {@code segment_seconds} (at the next key frame). Fragmented
 * MP4 by default: each key frame closes a fragment on disk, so a file stays playable up to its
 * last fragment even when the runtime is killed.
 */
final class Mp4Exporter extends VideoExporterBase {

    private Template path;
    private long segmentMicros;
    private boolean fragmented;

    @Override
    protected void configure(ExporterContext ctx) {
        path = ctx.pathTemplate(ctx.settings().getString("path"));
        segmentMicros = (long) (ctx.settings().getDouble("segment_seconds") * 1_000_000);
        fragmented = ctx.settings().getBoolean("fragmented");
    }

    @Override
    protected PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException {
        Path file = context.workingDirectory()
                .resolve(path.render(new MediaEvent(
                        track.channel(),
                        0,
                        first.ptsMicros() / 1e6,
                        System.currentTimeMillis(),
                        track.width(),
                        track.height())));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new PermanentExportException("cannot create the folder of " + file + ": " + e.getMessage());
        }
        Map<String, String> options = fragmented
                ? Map.of("movflags", "frag_keyframe+empty_moov+default_base_moof")
                : Map.of("movflags", "+faststart");
        context.logger().info("recording channel '{}' to {}", track.channel(), file);
        context.counter("files").increment();
        return new PacketMuxer("mp4", file.toString(), track, options, 10_000);
    }

    @Override
    protected void beforeWrite(PacketMuxer muxer, VideoPacket packet) throws ExportException {
        if (segmentMicros > 0 && packet.keyframe() && muxer.durationMicros() >= segmentMicros) {
            closeMuxer(packet.channel());
            PacketMuxer next = openMuxer(tracks.get(packet.channel()), packet);
            muxers.put(packet.channel(), next);
            where.put(packet.channel(), next.target());
        }
    }
}
