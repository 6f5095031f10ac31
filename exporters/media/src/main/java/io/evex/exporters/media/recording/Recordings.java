package io.evex.exporters.media.recording;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The recordings of one folder: the segments being written and those kept, what events touched
 * them, and the sweep that applies {@link RetentionSettings} — by age (continuous and event segments
 * each their own), by mode, and by budget (the oldest first, event segments last, never one being
 * written). Thread-safe: packets, events and the sweep arrive on different threads.
 */
public final class Recordings {

    /** Segments of modes that drop them wait this long after their end for late events. */
    private static final long GRACE_MS = 10_000;

    private final SegmentIndex index;
    private final RetentionSettings policy;
    private final Logger log;
    private final Map<String, RetentionSettings> channels = new ConcurrentHashMap<>();
    private final Map<String, Segment> current = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deleted = new ConcurrentHashMap<>();
    private final AtomicLong forBudget = new AtomicLong();

    private Recordings(SegmentIndex index, RetentionSettings policy, Logger log) {
        this.index = index;
        this.policy = policy;
        this.log = log;
    }

    /** The recordings under {@code root}, with what earlier runs left there. */
    public static Recordings open(Path root, RetentionSettings policy, Logger log) throws IOException {
        SegmentIndex index = new SegmentIndex(root, SegmentProbe::lengthMillis);
        index.load();
        return new Recordings(index, policy, log);
    }

    /** The folder the recordings live in. */
    public Path root() {
        return index.root();
    }

    /**
     * The channel's own retention (its {@code recordings:} block over the folder's settings); a
     * channel that sets none keeps the folder's.
     *
     * @throws IllegalArgumentException naming the setting that is not valid
     */
    public void retain(String channel, Map<String, String> own) {
        if (own.isEmpty()) {
            channels.remove(channel);
        } else {
            channels.put(channel, policy.with(own));
        }
    }

    /** The retention that applies to {@code channel}'s segments. */
    public RetentionSettings policy(String channel) {
        return channels.getOrDefault(channel, policy);
    }

    /** A new segment of {@code channel} starts in {@code file}. */
    public void opened(String channel, Path file, long startMillis) {
        current.put(channel, index.opened(channel, file, startMillis));
    }

    /** The channel's segment being written reached {@code nowMillis}. */
    public void progressed(String channel, long nowMillis) {
        Segment s = current.get(channel);
        if (s != null) {
            s.endMillis = nowMillis;
        }
    }

    /** The channel's segment being written ends. */
    public void closed(String channel) {
        Segment s = current.remove(channel);
        if (s != null) {
            index.closed(s);
        }
    }

    /** Marks the segment an event fell in: kept longer when of the kept types; motion for mode motion. */
    public void seen(Event event) {
        ObjectNode e = event.json();
        String type = e.path("$id").asText();
        boolean motion = type.equals("event-motion");
        String channel = e.path("channel").asText();
        boolean keeps = policy(channel)
                .keeps(
                        type,
                        e.path("object")
                                .path("class")
                                .asText(e.path("object_class").asText(null)));
        if (!motion && !keeps) {
            return;
        }
        long at = e.path("system_timestamp").asLong(System.currentTimeMillis());
        Segment s = index.covering(channel, at);
        if (s == null) {
            return;
        }
        boolean changed = (keeps && !s.events) || (motion && !s.motion);
        s.events |= keeps;
        s.motion |= motion;
        if (changed && !s.open) {
            index.closed(s); // written again with its mark; the last line wins
        }
    }

    /** Applies the retention settings now; returns how many segments went. */
    public int sweep(long now) {
        int gone = 0;
        for (Map.Entry<String, List<Segment>> e : index.all().entrySet()) {
            for (Segment s : e.getValue()) {
                if (!s.open && expired(s, now) && remove(s)) {
                    gone++;
                }
            }
        }
        return gone + budget();
    }

    private boolean expired(Segment s, long now) {
        RetentionSettings p = policy(s.channel);
        long age = now - s.endMillis;
        if (!s.events && p.mode() != RetentionSettings.Mode.ALL && age > GRACE_MS) {
            if (p.mode() == RetentionSettings.Mode.EVENTS || !s.motion) {
                return true;
            }
        }
        long keep = (s.events ? p.events() : p.continuous()).toMillis();
        return keep > 0 && age > keep;
    }

    /** Deletes the oldest (non-event first) until the folder is within its budget. */
    private int budget() {
        if (policy.maxBytes() <= 0 && policy.minFreeBytes() <= 0) {
            return 0;
        }
        List<Segment> closed = new ArrayList<>();
        long used = 0;
        for (List<Segment> list : index.all().values()) {
            for (Segment s : list) {
                used += s.open ? size(s.file) : s.bytes;
                if (!s.open) {
                    closed.add(s);
                }
            }
        }
        closed.sort(Comparator.comparing((Segment s) -> s.events).thenComparingLong(s -> s.startMillis));
        int gone = 0;
        for (Segment s : closed) {
            boolean over = policy.maxBytes() > 0 && used > policy.maxBytes();
            boolean full = policy.minFreeBytes() > 0 && free() < policy.minFreeBytes();
            if (!over && !full) {
                break;
            }
            if (remove(s)) {
                used -= s.bytes;
                forBudget.incrementAndGet();
                gone++;
            }
        }
        return gone;
    }

    private boolean remove(Segment s) {
        if (!index.delete(s)) {
            log.warn("recording {} could not be deleted", s.file);
            return false;
        }
        deleted.computeIfAbsent(s.channel, c -> new AtomicLong()).incrementAndGet();
        return true;
    }

    /** The disk's usable space under the folder, in bytes (Long.MAX_VALUE when unknown). */
    public long free() {
        try {
            Path at = Files.exists(index.root()) ? index.root() : index.root().getParent();
            return Files.getFileStore(at).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The channel's recordings, oldest first. */
    public List<Segment> segments(String channel) {
        return index.segments(channel);
    }

    /** Per channel: segments, bytes, oldest start, deletions; and the budget and free space. */
    public Map<String, Object> status() {
        Map<String, Object> out = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, List<Segment>> e : index.all().entrySet()) {
            long bytes = e.getValue().stream()
                    .mapToLong(s -> s.open ? size(s.file) : s.bytes)
                    .sum();
            total += bytes;
            String p = "recordings." + e.getKey() + ".";
            out.put(p + "segments", e.getValue().size());
            out.put(p + "bytes", bytes);
            out.put(p + "oldest_ms", e.getValue().isEmpty() ? 0 : e.getValue().get(0).startMillis);
            out.put(
                    p + "deleted",
                    deleted.getOrDefault(e.getKey(), new AtomicLong()).get());
        }
        out.put("recordings.bytes", total);
        out.put("recordings.budget_bytes", policy.maxBytes());
        out.put("recordings.min_free_bytes", policy.minFreeBytes());
        out.put("recordings.free_bytes", free());
        out.put("recordings.deleted_for_budget", forBudget.get());
        return out;
    }
}
