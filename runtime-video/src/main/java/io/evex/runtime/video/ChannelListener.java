package io.evex.runtime.video;

import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Receives a channel's video as it is read: the media outputs implement it. Called on the
 * channel's thread; implementations hand work to their own threads and return at once, so one slow
 * output never slows the channel (they drop and count instead).
 */
public interface ChannelListener {

    /** The source was opened (again, after a reconnect). */
    void opened(StreamInfo info);

    /** Whether {@link #packet} is wanted (an output passes the camera's own H.264 through). */
    boolean wantsPackets();

    /** A compressed packet, valid only during the call. */
    void packet(AVPacket packet, long ptsMicros, long dtsMicros);

    /** Whether {@link #frame} is wanted (an output encodes); with no analysis and no cache either, the channel does not decode at all. */
    boolean wantsFrames();

    /** A decoded frame; retain it to keep it past the call. */
    void frame(VideoFrame frame);

    /** The objects tracked on an analysed frame (called on the thread that analysed it). */
    default void objects(io.evex.api.media.FrameObjects objects) {}

    /** The source closed (end, error or stop). */
    void closed();

    /** Depth of each of the listener's queues, for statistics. */
    Map<String, Integer> queueSizes();

    /** Frames or packets dropped so far because an output fell behind. */
    long dropped();

    /** Does nothing: a channel without media outputs. */
    ChannelListener NONE = new ChannelListener() {
        @Override
        public void opened(StreamInfo info) {}

        @Override
        public boolean wantsPackets() {
            return false;
        }

        @Override
        public void packet(AVPacket packet, long ptsMicros, long dtsMicros) {}

        @Override
        public boolean wantsFrames() {
            return false;
        }

        @Override
        public void frame(VideoFrame frame) {}

        @Override
        public void closed() {}

        @Override
        public Map<String, Integer> queueSizes() {
            return Map.of();
        }

        @Override
        public long dropped() {
            return 0;
        }
    };
}
