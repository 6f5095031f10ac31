package io.evex.runtime.channel;

import java.time.Duration;
import java.util.Set;

/**
 * A channel's event clips ({@code clips:}): for events of {@code eventTypes} ({@code track:person}
 * for one class of object), a clip from {@code pre} before the event to {@code post} after it —
 * events that overlap merge into one clip, at most {@code maxLength} long — with a snapshot of the
 * event's frame, its boxes drawn, kept {@code retain} (0 = until deleted by hand).
 *
 * @param folder where the clips go, one folder per channel under it
 */
public record ClipSettings(
        Set<String> eventTypes,
        Duration pre,
        Duration post,
        Duration maxLength,
        boolean snapshot,
        Duration retain,
        String folder) {

    /** No clips. */
    public static final ClipSettings NONE = new ClipSettings(
            Set.of(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofMinutes(2),
            true,
            Duration.ofDays(30),
            "clips");

    public ClipSettings {
        eventTypes = Set.copyOf(eventTypes);
        if (pre.isNegative() || post.isNegative() || retain.isNegative()) {
            throw new IllegalArgumentException("clips: pre, post and retain must be 0s or more");
        }
        if (maxLength.compareTo(pre.plus(post)) < 0) {
            throw new IllegalArgumentException("clips: max_length (" + maxLength.toSeconds()
                    + "s) must be at least pre + post (" + pre.plus(post).toSeconds() + "s)");
        }
        if (maxLength.toMinutes() > 10) {
            throw new IllegalArgumentException("clips: max_length is at most 10m");
        }
    }

    /** Whether the channel makes clips at all. */
    public boolean enabled() {
        return !eventTypes.isEmpty();
    }

    /** Whether an event of {@code type} (its object of {@code className}, or null) makes a clip. */
    public boolean matches(String type, String className) {
        return eventTypes.contains(type) || (className != null && eventTypes.contains(type + ":" + className));
    }
}
