package io.evex.runtime.channel;

import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.RecordingReader;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoException;
import java.util.List;

/**
 * A channel's video over a wall-clock span, as the camera sent it: from the frame cache when it
 * still holds the span's start, else from the recordings, else what the cache has of it. What both
 * {@code clip.mp4} and event clips read; no decoding either way.
 */
public final class ChannelVideo {

    /** The packets found, the size and rate to write them with, and where they came from. */
    public record Found(FrameCache.Span span, RecordingReader.Shape shape, String source) {}

    private ChannelVideo() {}

    /**
     * The video of {@code channel} from {@code fromMillis} to {@code toMillis}, or null when neither
     * the cache nor {@code recordings} (oldest first) hold any of it.
     */
    public static Found find(
            Channel channel, List<RecordingReader.Source> recordings, long fromMillis, long toMillis, int maxPackets)
            throws VideoException {
        StreamInfo info = channel.info();
        FrameCache cache = channel.cache();
        long oldest = cache.oldestMillis();
        boolean packets = info != null && !"wrapped_avframe".equals(info.codec());
        RecordingReader.Shape live =
                info == null ? null : new RecordingReader.Shape(info.width(), info.height(), info.fps());
        if (packets && oldest > 0 && oldest <= fromMillis) {
            FrameCache.Span span = cache.span(fromMillis, toMillis);
            if (span != null) {
                return new Found(span, live, "cache");
            }
        }
        FrameCache.Span span = RecordingReader.read(recordings, fromMillis, toMillis, maxPackets);
        if (span != null) { // written as recorded: the camera may be offline now, or send another size
            return new Found(
                    span, RecordingReader.shape(first(recordings, fromMillis).file()), "recordings");
        }
        if (packets && oldest > 0) {
            span = cache.span(fromMillis, toMillis); // what the cache has of it, at least
            if (span != null && live != null) {
                return new Found(span, live, "cache");
            }
        }
        return null;
    }

    /** The first recording that holds video at or after {@code from}. */
    private static RecordingReader.Source first(List<RecordingReader.Source> files, long from) {
        return files.stream().filter(f -> f.endMillis() >= from).findFirst().orElse(files.get(files.size() - 1));
    }
}
