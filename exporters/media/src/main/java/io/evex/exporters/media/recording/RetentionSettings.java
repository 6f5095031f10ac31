package io.evex.exporters.media.recording;

import io.evex.api.Durations;
import io.evex.api.Setting;
import io.evex.api.Settings;
import io.evex.api.Sizes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How long recordings are kept and how much room they may take: continuous segments {@code
 * retain.continuous}, segments that events touched {@code retain.events}, which segments are kept at
 * all ({@code retain.mode}: {@code all}, {@code motion}, {@code events}), which events count
 * ({@code retain.event_types}, {@code track:person} for a class), and per recordings folder a budget
 * ({@code max_size}, {@code min_free}: the oldest go first, event segments last).
 */
public record RetentionSettings(
        Duration continuous,
        Duration events,
        Mode mode,
        Set<String> eventTypes,
        long maxBytes,
        long minFreeBytes,
        Duration sweepInterval) {

    /** Which segments are kept at all. */
    public enum Mode {
        ALL,
        MOTION,
        EVENTS
    }

    /** The settings, for an exporter kind's declaration. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.duration("retain.continuous", "Keep recordings", "7d")
                    .withHelp(
                            "Segments without events are deleted this long after they end; 0s keeps them until the budget needs room"),
            Setting.duration("retain.events", "Keep recordings with events", "30d")
                    .withHelp(
                            "Segments that events of retain.event_types touched are kept this long; 0s: until the budget needs room"),
            Setting.combobox("retain.mode", "Which segments to keep", "all", List.of("all", "motion", "events"))
                    .withHelp(
                            "all: every segment; motion: those with motion or events; events: those with events only (others go when they end)"),
            Setting.text(
                            "retain.event_types",
                            "Events that keep a segment",
                            "track,event-area-enter,event-area-exit,event-line-crossing,event-intrusion,event-loitering")
                    .withHelp("Comma-separated event types; type:class (track:person) for one class of object"),
            Setting.text("max_size", "Budget", "")
                    .withHelp("Most space the recordings folder may take (512MB, 200GB); empty: no limit but min_free"),
            Setting.text("min_free", "Free space to leave", "1GB")
                    .withHelp(
                            "Space the disk keeps free: below it the oldest segments go, event segments last; empty: none"),
            Setting.duration("sweep_interval", "Retention check every", "10s").withRange(100, 3_600_000));

    public static RetentionSettings of(Settings s) {
        return new RetentionSettings(
                s.getDuration("retain.continuous"),
                s.getDuration("retain.events"),
                Mode.valueOf(s.getString("retain.mode").toUpperCase(Locale.ROOT)),
                types(s.getString("retain.event_types")),
                size(s, "max_size"),
                size(s, "min_free"),
                s.getDuration("sweep_interval"));
    }

    /**
     * These settings with a channel's own ({@code retain.continuous → 3d}, as its {@code recordings:}
     * block says); the budget stays the folder's.
     *
     * @throws IllegalArgumentException naming the key whose value is not valid
     */
    public RetentionSettings with(Map<String, String> channel) {
        if (channel.isEmpty()) {
            return this;
        }
        Duration c = continuous;
        Duration e = events;
        Mode m = mode;
        Set<String> types = eventTypes;
        for (Map.Entry<String, String> kv : channel.entrySet()) {
            String v = kv.getValue();
            try {
                switch (kv.getKey()) {
                    case "retain.continuous" -> c = Durations.parse(v);
                    case "retain.events" -> e = Durations.parse(v);
                    case "retain.mode" -> m = Mode.valueOf(v.toUpperCase(Locale.ROOT));
                    case "retain.event_types" -> types = types(v);
                    default -> throw new IllegalArgumentException("is no retention setting");
                }
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(kv.getKey() + " '" + v + "': " + x.getMessage());
            }
        }
        return new RetentionSettings(c, e, m, types, maxBytes, minFreeBytes, sweepInterval);
    }

    private static Set<String> types(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static long size(Settings s, String key) {
        String v = s.getString(key).trim();
        try {
            return v.isEmpty() ? 0 : Sizes.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** Whether an event of {@code type} (with the object {@code className}, or null) keeps its segment. */
    boolean keeps(String type, String className) {
        return eventTypes.contains(type) || (className != null && eventTypes.contains(type + ":" + className));
    }
}
