package io.evex.exporters.media;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.Template;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.api.media.Recording;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import io.evex.exporters.media.recording.Recordings;
import io.evex.exporters.media.recording.RetentionSettings;
import io.evex.exporters.media.recording.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records MP4 files, a new one every {@code segment} (at the next key frame). Fragmented MP4 by
 * default: each key frame closes a fragment on disk, so a file stays playable up to its last
 * fragment even when the runtime is killed. Every segment is indexed on disk with its wall-clock
 * span ({@link Recordings}), events mark the segments they fall in, and a sweep applies retention and
 * the storage budget. A full disk never stops the runtime: the recorder says so once, counts what it
 * could not write and starts again at a key frame once there is room.
 */
final class Mp4Exporter extends VideoExporterBase {

    /** Below this much free space a failed write is taken for a full disk. */
    private static final long FULL_BYTES = 16L << 20;

    private Template path;
    private long segmentMicros;
    private boolean fragmented;
    private Recordings recordings;
    private ScheduledExecutorService sweeper;
    private volatile boolean diskFull;
    /** When to try a full disk again: 1 s, growing to 10 s while it stays full. */
    private final Backoff.Schedule retry = Backoff.ofMillis(1_000, 10_000).schedule(Ticker.SYSTEM);

    @Override
    protected void configure(ExporterContext ctx) throws ExportException {
        String template = ctx.settings().getString("path");
        path = ctx.pathTemplate(template);
        segmentMicros = ctx.settings().getDuration("segment").toMillis() * 1_000;
        fragmented = ctx.settings().getBoolean("fragmented");
        RetentionSettings retention;
        try {
            retention = RetentionSettings.of(ctx.settings());
            recordings = Recordings.open(root(ctx.workingDirectory(), template), retention, ctx.logger());
        } catch (IllegalArgumentException | IOException e) {
            throw new PermanentExportException("recordings: " + e.getMessage());
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evex-retention-" + ctx.name());
            t.setDaemon(true);
            return t;
        });
        long every = retention.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** The folder of the path's fixed part: {@code out/} for {@code out/{obj.channel}/video/...}. */
    static Path root(Path workDir, String template) {
        String fixed = template.contains("{") ? template.substring(0, template.indexOf('{')) : template;
        Path p = workDir.resolve(fixed.isEmpty() ? "." : fixed).normalize();
        return fixed.isEmpty() || fixed.endsWith("/") ? p : p.getParent();
    }

    private void sweep() {
        try {
            int gone = recordings.sweep(System.currentTimeMillis());
            if (gone > 0) {
                context.counter("segments_deleted").add(gone);
            }
        } catch (RuntimeException e) {
            context.logger().warn("retention sweep failed: {}", e.toString());
        }
    }

    /** A channel's track opens: its own retention (its {@code recordings:} block) applies from now. */
    @Override
    public void open(VideoTrack track) {
        super.open(track);
        try {
            recordings.retain(track.channel(), track.recording());
        } catch (IllegalArgumentException e) {
            context.logger()
                    .warn(
                            "channel '{}': recordings.{}; the recorder's retention applies",
                            track.channel(),
                            e.getMessage());
        }
    }

    @Override
    public void deliver(Event event) {
        recordings.seen(event);
    }

    @Override
    protected PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException {
        long now = System.currentTimeMillis();
        if (diskFull && !retry.due()) {
            return null;
        }
        Path file = unused(context.workingDirectory()
                .resolve(path.render(new MediaEvent(
                        track.channel(), 0, first.ptsMicros() / 1e6, now, track.width(), track.height()))));
        PacketMuxer muxer;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Map<String, String> options = fragmented
                    ? Map.of("movflags", "frag_keyframe+empty_moov+default_base_moof")
                    : Map.of("movflags", "+faststart");
            muxer = new PacketMuxer("mp4", file.toString(), track, options, 10_000);
        } catch (IOException | ExportException e) {
            if (full(e)) {
                return null;
            }
            throw e instanceof ExportException x
                    ? x
                    : new PermanentExportException("cannot create the folder of " + file + ": " + e.getMessage());
        }
        if (diskFull) {
            diskFull = false;
            retry.succeeded();
            context.logger().info("recording again: the disk has room");
        }
        context.logger().info("recording channel '{}' to {}", track.channel(), file);
        context.counter("files").increment();
        recordings.opened(track.channel(), file, now);
        return muxer;
    }

    /**
     * {@code file}, or {@code name-2.mp4}, {@code name-3.mp4}... when a recording is there already: a
     * name made again after a restart ({@code {sys.count}}) never overwrites what was kept.
     */
    static Path unused(Path file) {
        if (!Files.exists(file)) {
            return file;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; ; i++) {
            Path other = file.resolveSibling(stem + "-" + i + ext);
            if (!Files.exists(other)) {
                return other;
            }
        }
    }

    @Override
    public void write(VideoPacket packet) throws ExportException {
        try {
            super.write(packet);
        } catch (ExportException e) {
            if (!full(e)) {
                throw e;
            }
        }
        if (diskFull) {
            context.counter("unwritten_packets").increment();
        }
    }

    /** Whether {@code e} comes from a full disk: then said once, and writing stops until there is room. */
    private boolean full(Exception e) {
        if (recordings.free() >= FULL_BYTES && !String.valueOf(e.getMessage()).contains("No space")) {
            return false;
        }
        if (!diskFull) {
            diskFull = true;
            context.logger()
                    .warn(
                            "the disk of {} is full: recording pauses until there is room ({})",
                            recordings.root(),
                            e.getMessage());
            sweep(); // the budget's min_free may make room at once
        }
        retry.failed();
        return true;
    }

    @Override
    protected void closeMuxer(String channel) {
        super.closeMuxer(channel);
        recordings.closed(channel);
    }

    @Override
    public List<Recording> recordings(String channel) {
        List<Recording> out = new ArrayList<>();
        for (Segment s : recordings.segments(channel)) {
            if (Files.isRegularFile(s.file())) {
                out.add(new Recording(channel, s.file(), s.startMillis(), s.endMillis()));
            }
        }
        return out;
    }

    @Override
    protected void beforeWrite(PacketMuxer muxer, VideoPacket packet) throws ExportException {
        recordings.progressed(packet.channel(), System.currentTimeMillis());
        if (segmentMicros > 0 && packet.keyframe() && muxer.durationMicros() >= segmentMicros) {
            closeMuxer(packet.channel());
            PacketMuxer next = openMuxer(tracks.get(packet.channel()), packet);
            if (next == null) {
                return; // a full disk: the packet is counted, the next key frame tries again
            }
            muxers.put(packet.channel(), next);
            where.put(packet.channel(), next.target());
        }
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = super.status();
        status.putAll(recordings.status());
        status.put("disk_full", diskFull);
        return status;
    }

    @Override
    public void stop() {
        super.stop();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
