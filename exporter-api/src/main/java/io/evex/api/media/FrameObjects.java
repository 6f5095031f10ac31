package io.evex.api.media;

import java.util.List;

/**
 * The objects tracked on one analysed frame of a channel, as the tracker has them for that frame:
 * for metadata carried beside the video (ONVIF's metadata track), frame by frame.
 *
 * @param ptsMicros the frame's presentation time on the channel's clock, the clock of its packets
 * @param epochMillis when the frame was taken, by the wall clock
 * @param objects one entry per object seen on the frame
 * @since 0.9
 */
public record FrameObjects(String channel, long frameId, long ptsMicros, long epochMillis, List<Box> objects) {

    public FrameObjects {
        objects = List.copyOf(objects);
    }

    /**
     * One tracked object: its {@code tracking_id}, class and confidence, and its box in normalised
     * image coordinates (left, top, width, height, 0 to 1), as its {@code track} events have it.
     */
    public record Box(String trackingId, String label, double confidence, double l, double t, double w, double h) {}
}
