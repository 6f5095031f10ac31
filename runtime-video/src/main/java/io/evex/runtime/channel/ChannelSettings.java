package io.evex.runtime.channel;

import io.evex.api.delivery.Backoff;
import io.evex.runtime.analysis.motion.MotionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One configured video channel.
 *
 * @param name the channel's name, found in every event it produces as {@code "channel"}
 * @param url a file, {@code rtsp://}, {@code http(s)://}, {@code lavfi:<graph>} or {@code sample}
 * @param loop start a file again at its end
 * @param realtime read files and test sources at their own frame rate, as a camera would send them
 * @param cacheFrames frames kept in the frame cache (0 = no cache)
 * @param cacheSeconds frames older than this are dropped from the cache (0 = no age limit)
 * @param cacheMaxMb the cache's memory limit in MiB of decoded pixels
 * @param motion the motion detector's settings
 * @param reconnectInitialMs first wait before reconnecting to a camera; doubles up to the maximum
 * @param reconnectMaxMs longest wait between reconnect attempts
 * @param timeoutMs a camera that sends nothing this long is considered gone
 * @param exporters the exporters this channel's events go to (instance names); empty = all
 * @param statisticsMs time between two {@code statistics} events (0 = none)
 * @param objects object detection, tracking, zones and lines
 * @param recording the channel's own recording settings ({@code recordings.retain}), as a
 *     recorder's setting keys ({@code retain.continuous}); empty = the recorder's
 * @param clips the event clips made of this channel ({@link ClipSettings#NONE}: none)
 * @param detectUrl a second input analysed instead of {@code url} (a camera's sub-stream), which
 *     then only records and is watched; null = {@code url} serves everything
 */
public record ChannelSettings(
        String name,
        String url,
        boolean loop,
        boolean realtime,
        int cacheFrames,
        double cacheSeconds,
        int cacheMaxMb,
        MotionSettings motion,
        long reconnectInitialMs,
        long reconnectMaxMs,
        long timeoutMs,
        long statisticsMs,
        List<String> exporters,
        ObjectSettings objects,
        Map<String, String> recording,
        ClipSettings clips,
        String detectUrl) {

    /**
     * Whether the source is read faster than real time (a file or test source with {@code realtime:
     * false}): its analysis then waits for slow stages instead of skipping frames.
     */
    public boolean readFasterThanRealTime() {
        return !realtime
                && io.evex.runtime.video.SourceUrl.parse(url).kind() != io.evex.runtime.video.SourceUrl.Kind.LIVE;
    }

    /** Chrysalis keeps the last 500 frames; so do we, within 256 MiB (about 180 frames of 1080p). */
    public static final int DEFAULT_CACHE_FRAMES = 500;

    public static final int DEFAULT_CACHE_MAX_MB = 256;

    public ChannelSettings {
        exporters = exporters == null ? List.of() : List.copyOf(exporters);
        objects = objects == null ? ObjectSettings.NONE : objects;
        recording = recording == null ? Map.of() : Map.copyOf(recording);
        clips = clips == null ? ClipSettings.NONE : clips;
        if (objects.enabled() && objects.detector().equals("motion") && !motion.enabled()) {
            throw new IllegalArgumentException(
                    "channel '" + name + "': detector type motion follows the motion detector: enable motion");
        }
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("channel name '" + name
                    + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("channel '" + name + "' has no url");
        }
        if (detectUrl != null && (detectUrl.isBlank() || detectUrl.equals(url))) {
            detectUrl = null;
        }
        if (cacheFrames < 0
                || cacheSeconds < 0
                || cacheMaxMb < 0
                || reconnectInitialMs <= 0
                || reconnectMaxMs < reconnectInitialMs
                || timeoutMs <= 0
                || statisticsMs < 0) {
            throw new IllegalArgumentException("channel '" + name + "': cache sizes must be >= 0, reconnect waits > 0 "
                    + "(max >= initial), timeout > 0, statistics interval >= 0");
        }
    }

    /**
     * The reconnect back-off: doubling from the first wait to the longest, with ±20% jitter so that
     * cameras behind one dead switch do not all retry in the same millisecond.
     */
    public Backoff reconnect() {
        return new Backoff(Duration.ofMillis(reconnectInitialMs), Duration.ofMillis(reconnectMaxMs), 2, 0.2);
    }

    /** A channel with every default: looping, real-time, motion on, 500 frames cached. */
    public static ChannelSettings of(String name, String url) {
        return new ChannelSettings(
                name,
                url,
                true,
                true,
                DEFAULT_CACHE_FRAMES,
                0,
                DEFAULT_CACHE_MAX_MB,
                MotionSettings.DEFAULT,
                1000,
                30_000,
                10_000,
                10_000,
                List.of(),
                ObjectSettings.NONE,
                Map.of(),
                ClipSettings.NONE,
                null);
    }

    /** Parses {@code NAME=URL} from the command line. */
    public static ChannelSettings parse(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0 || eq == option.length() - 1) {
            throw new IllegalArgumentException(
                    "--channel '" + option + "' must be NAME=URL, e.g. lobby=rtsp://10.0.0.5/stream or demo=sample");
        }
        return of(option.substring(0, eq), option.substring(eq + 1));
    }

    /** This channel feeding only the exporters named (empty = all). */
    public ChannelSettings withExporters(List<String> names) {
        return with(c -> c.exporters = names);
    }

    public ChannelSettings withObjects(ObjectSettings value) {
        return with(c -> c.objects = value);
    }

    public ChannelSettings withRecording(Map<String, String> value, ClipSettings clipSettings) {
        return with(c -> {
            c.recording = value;
            c.clips = clipSettings;
        });
    }

    /** This channel analysing {@code url} (a sub-stream) instead of its main input. */
    public ChannelSettings withDetectInput(String url) {
        return with(c -> c.detectUrl = url);
    }

    public ChannelSettings withRealtime(boolean value) {
        return with(c -> c.realtime = value);
    }

    public ChannelSettings withLoop(boolean value) {
        return with(c -> c.loop = value);
    }

    public ChannelSettings withMotion(MotionSettings value) {
        return with(c -> c.motion = value);
    }

    public ChannelSettings withReconnect(long initialMs, long maxMs, long timeout) {
        return with(c -> {
            c.reconnectInitialMs = initialMs;
            c.reconnectMaxMs = maxMs;
            c.timeoutMs = timeout;
        });
    }

    public ChannelSettings withCache(int frames, double seconds, int maxMb) {
        return with(c -> {
            c.cacheFrames = frames;
            c.cacheSeconds = seconds;
            c.cacheMaxMb = maxMb;
        });
    }

    public ChannelSettings withStatistics(long intervalMs) {
        return with(c -> c.statisticsMs = intervalMs);
    }

    /** A copy with some values changed (checked again when built). */
    private ChannelSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The values of a channel while a copy is being changed. */
    private static final class Copy {
        String name;
        String url;
        boolean loop;
        boolean realtime;
        int cacheFrames;
        double cacheSeconds;
        int cacheMaxMb;
        MotionSettings motion;
        long reconnectInitialMs;
        long reconnectMaxMs;
        long timeoutMs;
        long statisticsMs;
        List<String> exporters;
        ObjectSettings objects;
        Map<String, String> recording;
        ClipSettings clips;
        String detectUrl;

        Copy(ChannelSettings s) {
            name = s.name;
            url = s.url;
            loop = s.loop;
            realtime = s.realtime;
            cacheFrames = s.cacheFrames;
            cacheSeconds = s.cacheSeconds;
            cacheMaxMb = s.cacheMaxMb;
            motion = s.motion;
            reconnectInitialMs = s.reconnectInitialMs;
            reconnectMaxMs = s.reconnectMaxMs;
            timeoutMs = s.timeoutMs;
            statisticsMs = s.statisticsMs;
            exporters = s.exporters;
            objects = s.objects;
            recording = s.recording;
            clips = s.clips;
            detectUrl = s.detectUrl;
        }

        ChannelSettings build() {
            return new ChannelSettings(
                    name,
                    url,
                    loop,
                    realtime,
                    cacheFrames,
                    cacheSeconds,
                    cacheMaxMb,
                    motion,
                    reconnectInitialMs,
                    reconnectMaxMs,
                    timeoutMs,
                    statisticsMs,
                    exporters,
                    objects,
                    recording,
                    clips,
                    detectUrl);
        }
    }
}
