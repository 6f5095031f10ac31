package io.evex.runtime.clips;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelVideo;
import io.evex.runtime.channel.ClipSettings;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.media.StillEncoder;
import io.evex.runtime.video.ClipWriter;
import io.evex.runtime.video.RecordingReader;
import io.evex.runtime.video.VideoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the event clips channels ask for ({@code clips:}): sees every published event (a bus tap:
 * a map lookup and, for a clip's event, one frame reference — nothing written on the publisher's
 * thread), merges overlapping events into one clip, and once the clip's last moment has been
 * received writes the camera's packets around them (no re-encoding) and a snapshot with boxes, then
 * publishes a {@code clip} event that tells every exporter where they are.
 */
public final class ClipMaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClipMaker.class);
    /** A clip is written this long after its end: the packets of its last moment are in the cache by then. */
    private static final long SETTLE_MS = 1_500;
    /** At most this many packets in one clip (10 minutes at 50 fps). */
    private static final int MAX_PACKETS = 30_000;

    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Supplier<List<Channel>> channels;
    private final Function<String, List<RecordingReader.Source>> recordings;
    private final EventSink publisher;
    private final int version;
    private final EventEnvelope envelope = new EventEnvelope();
    private final ClipStore store = new ClipStore();
    private final Map<String, ClipWindow> gathering = new ConcurrentHashMap<>();
    /** The running channels that make clips, by name: refreshed by the worker, read per event. */
    private volatile Map<String, Channel> withClips = Map.of();

    private final List<ClipWindow> due = new ArrayList<>();
    private final ScheduledExecutorService worker;
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private long lastSweep;

    /**
     * @param channels the running channels
     * @param recordings a channel's recorded files, oldest first (a clip longer than the cache)
     * @param publisher where the {@code clip} events go
     * @param version the {@code clip} schema version to publish
     */
    public ClipMaker(
            Supplier<List<Channel>> channels,
            Function<String, List<RecordingReader.Source>> recordings,
            EventSink publisher,
            int version) {
        this.channels = channels;
        this.recordings = recordings;
        this.publisher = publisher;
        this.version = version;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evex-clips");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::work, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Sees a published event: one of a channel's clip types starts a clip or makes the current one longer. */
    public void seen(ObjectNode e) {
        String type = e.path("$id").asText();
        if (type.equals("clip")) {
            return;
        }
        // A map lookup on the publisher's thread; channels without clips end here.
        Optional<Channel> channel =
                Optional.ofNullable(withClips.get(e.path("channel").asText("")));
        if (channel.isEmpty()) {
            return;
        }
        ClipSettings s = channel.get().settings().clips();
        if (!s.enabled()
                || !s.matches(
                        type,
                        e.path("object")
                                .path("class")
                                .asText(e.path("object_class").asText(null)))) {
            return;
        }
        long at = e.path("system_timestamp").asLong(System.currentTimeMillis());
        String name = channel.get().name();
        synchronized (this) {
            ClipWindow w = gathering.get(name);
            if (w != null && w.takes(at)) {
                w.add(e, at);
                return;
            }
            if (w != null) {
                due.add(w);
            }
            gathering.put(
                    name,
                    new ClipWindow(
                            name, s, e, at, s.snapshot() ? channel.get().cache().at(at) : null));
        }
    }

    private void work() {
        Map<String, Channel> clipping = new HashMap<>();
        for (Channel c : channels.get()) {
            if (c.settings().clips().enabled()) {
                clipping.put(c.name(), c);
            }
        }
        withClips = clipping; // a channel restarted with other clips is seen within a tick
        long now = System.currentTimeMillis();
        writeDue(now - SETTLE_MS);
        if (now - lastSweep >= 10_000) {
            lastSweep = now;
            sweep(now);
        }
    }

    /** Writes the clips that end before {@code endedBy}. */
    private void writeDue(long endedBy) {
        List<ClipWindow> ready = new ArrayList<>();
        synchronized (this) {
            due.removeIf(w -> w.toMillis <= endedBy && ready.add(w));
            gathering.values().removeIf(w -> w.toMillis <= endedBy && ready.add(w));
        }
        for (ClipWindow w : ready) {
            try {
                write(w);
            } catch (IOException | VideoException | RuntimeException e) {
                missed.incrementAndGet();
                LOG.warn(
                        "channel '{}': the clip from {} to {} is not written: {}",
                        w.channel,
                        w.fromMillis,
                        w.toMillis,
                        e.getMessage());
            } finally {
                w.release();
            }
        }
    }

    private void write(ClipWindow w) throws IOException, VideoException {
        Optional<Channel> channel = running(w.channel);
        if (channel.isEmpty()) {
            throw new IOException("the channel stopped");
        }
        ChannelVideo.Found found =
                ChannelVideo.find(channel.get(), recordings.apply(w.channel), w.fromMillis, w.toMillis, MAX_PACKETS);
        if (found == null || found.shape() == null) {
            throw new IOException("neither the frame cache nor a recording holds that video any more");
        }
        var packets = found.span().packets();
        long start = packets.get(0).epochMillis();
        long end = packets.get(packets.size() - 1).epochMillis();
        Path folder = Path.of(w.settings.folder());
        Path dir = store.folder(w.channel, folder);
        String id = store.free(w.channel, ID.format(java.time.Instant.ofEpochMilli(start)));
        Path video = dir.resolve(id + ".mp4");
        Path part = dir.resolve(id + ".mp4.part");
        ClipWriter.write(
                found.span(),
                found.shape().width(),
                found.shape().height(),
                found.shape().fps(),
                part,
                "mp4",
                0);
        Files.move(part, video, StandardCopyOption.ATOMIC_MOVE);
        String base = "/api/v1/channels/" + w.channel + "/clips/" + id;
        ObjectNode event = envelope.start(
                "clip", version, w.channel, w.firstFrameId, w.firstFrameTime, System.currentTimeMillis());
        event.put("clip_id", id).put("start_ms", start).put("end_ms", end).put("duration", (end - start) / 1000.0);
        event.put("source", found.source());
        event.set("events", w.events);
        event.putObject("video")
                .put("url", base + ".mp4")
                .put("file", video.toString())
                .put("bytes", Files.size(video))
                .put("frames", packets.size());
        if (w.frame != null) {
            Path jpg = dir.resolve(id + ".jpg");
            try (StillEncoder encoder = new StillEncoder("jpg", 85)) {
                Files.write(jpg, encoder.encode(w.frame, w.frame.width(), w.frame.height(), true));
            }
            event.putObject("snapshot")
                    .put("url", base + ".jpg")
                    .put("file", jpg.toString())
                    .put("system_timestamp", w.frame.epochMillis());
        }
        store.add(w.channel, folder, id, event);
        made.incrementAndGet();
        LOG.info("channel '{}': clip {} ({} s, {} event(s))", w.channel, id, (end - start) / 1000.0, w.events.size());
        publisher.accept(event);
    }

    private Optional<Channel> running(String name) {
        for (Channel c : channels.get()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Deletes the clips past their channel's {@code clips.retain}. */
    private void sweep(long now) {
        for (Channel c : channels.get()) {
            ClipSettings s = c.settings().clips();
            if (s.enabled() && s.retain().toMillis() > 0) {
                store.deleteEndedBefore(
                        c.name(), Path.of(s.folder()), now - s.retain().toMillis());
            }
        }
    }

    /** A channel's clips (their {@code clip} events) over a span, newest first. */
    public List<ObjectNode> list(Channel channel, long from, long to, int limit) {
        return store.list(channel.name(), Path.of(channel.settings().clips().folder()), from, to, limit);
    }

    /** A clip's video ({@code mp4}) or snapshot ({@code jpg}). */
    public Optional<Path> file(Channel channel, String id, String extension) {
        return store.file(channel.name(), Path.of(channel.settings().clips().folder()), id, extension);
    }

    /** Clips written, and clips that could not be. */
    public Map<String, Long> stats() {
        return Map.of("clips_made", made.get(), "clips_missed", missed.get());
    }

    /** Stops; clips still gathering are written with what was received (call before the channels stop). */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (worker.awaitTermination(5, TimeUnit.SECONDS)) {
                writeDue(Long.MAX_VALUE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
