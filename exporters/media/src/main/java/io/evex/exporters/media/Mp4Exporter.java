package io.evex.exporters.media;

import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.Template;
import io.evex.api.media.Recording;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Records MP4 files, a new one every {@code segment} (at the next key frame). Fragmented
 * MP4 by default: each key frame closes a fragment on disk, so a file stays playable up to its
 * last fragment even when the runtime is killed. Keeps an index of the files it wrote this run
 * (their wall-clock spans) for clips served from recordings.
 */
final class Mp4Exporter extends VideoExporterBase {

    private Template path;
    private long segmentMicros;
    private boolean fragmented;
    private final Map<String, Deque<Span>> files = new ConcurrentHashMap<>();

    /** A file written this run: when its first and last packets were written. */
    private static final class Span {
        final Path file;
        final long startMillis;
        volatile long endMillis;

        Span(Path file, long startMillis) {
            this.file = file;
            this.startMillis = startMillis;
            this.endMillis = startMillis;
        }
    }

    @Override
    protected void configure(ExporterContext ctx) {
        path = ctx.pathTemplate(ctx.settings().getString("path"));
        segmentMicros = ctx.settings().getDuration("segment").toMillis() * 1_000;
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
        PacketMuxer muxer = new PacketMuxer("mp4", file.toString(), track, options, 10_000);
        Deque<Span> spans = files.computeIfAbsent(track.channel(), c -> new ConcurrentLinkedDeque<>());
        spans.addLast(new Span(file.toAbsolutePath(), System.currentTimeMillis()));
        while (spans.size() > 10_000) {
            spans.pollFirst(); // an index, not a retention policy: the oldest entries go first
        }
        return muxer;
    }

    @Override
    public List<Recording> recordings(String channel) {
        List<Recording> out = new ArrayList<>();
        for (Span s : files.getOrDefault(channel, new ConcurrentLinkedDeque<>())) {
            if (Files.isRegularFile(s.file)) {
                out.add(new Recording(channel, s.file, s.startMillis, s.endMillis));
            }
        }
        return out;
    }

    @Override
    protected void beforeWrite(PacketMuxer muxer, VideoPacket packet) throws ExportException {
        Deque<Span> spans = files.get(packet.channel());
        if (spans != null && !spans.isEmpty()) {
            spans.peekLast().endMillis = System.currentTimeMillis();
        }
        if (segmentMicros > 0 && packet.keyframe() && muxer.durationMicros() >= segmentMicros) {
            closeMuxer(packet.channel());
            PacketMuxer next = openMuxer(tracks.get(packet.channel()), packet);
            muxers.put(packet.channel(), next);
            where.put(packet.channel(), next.target());
        }
    }
}
