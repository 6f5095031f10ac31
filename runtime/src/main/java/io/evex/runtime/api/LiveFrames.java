package io.evex.runtime.api;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.video.VideoFrame;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finds channels by name and their live frame, refusing a frame that would pass for live when it is
 * not: a channel that is not online, or whose last frame is older than a few frame intervals,
 * answers 503 with its state.
 */
final class LiveFrames {

    private final Supplier<List<Channel>> channels;

    LiveFrames(Supplier<List<Channel>> channels) {
        this.channels = channels;
    }

    List<Channel> all() {
        return channels.get();
    }

    /** The channel, or 404. */
    Channel channel(String name) {
        for (Channel c : channels.get()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw ApiException.notFound("no channel '" + name + "'");
    }

    /** How old a frame may be and still be live: 2 s, or 10 frame intervals of a slow source. */
    static long staleAfterMillis(Channel c) {
        double fps = c.info() == null || c.info().fps() <= 0 ? 25 : c.info().fps();
        return Math.max(2000, Math.round(10_000 / fps));
    }

    /** The channel's latest frame, retained (release it), or 503 when the channel is not live. */
    VideoFrame live(Channel c) {
        if (c.state() != Channel.State.ONLINE) {
            throw unavailable(
                    c,
                    c.state().name().toLowerCase(),
                    "channel '" + c.name() + "' is " + c.state().name().toLowerCase()
                            + (c.reason().isEmpty() ? "" : ": " + c.reason()));
        }
        VideoFrame frame = c.cache().latest();
        if (frame == null) {
            throw unavailable(c, "starting", "channel '" + c.name() + "' has no frame yet");
        }
        long age = System.currentTimeMillis() - frame.epochMillis();
        if (age > staleAfterMillis(c)) {
            frame.release();
            throw unavailable(c, "stalled", "channel '" + c.name() + "' has had no frame for " + age + " ms");
        }
        return frame;
    }

    static ApiException unavailable(Channel c, String state, String message) {
        return new ApiException(503, "channel_" + state, message, null);
    }
}
