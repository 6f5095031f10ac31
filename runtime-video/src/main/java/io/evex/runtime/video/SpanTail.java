package io.evex.runtime.video;

import java.util.List;

/**
 * Where a clip may end: a span cut at a wall-clock time can end with a reference frame whose
 * B-frames (shown before it, sent after it) have not arrived yet; played, it would jump. This
 * trims such a tail.
 */
final class SpanTail {

    private SpanTail() {}

    /**
     * Drops the frames at the end of a span that would be shown after a gap: a reference frame
     * whose B-frames (shown before it, sent after it) have not arrived yet. Only the last group of
     * pictures is looked at, so a gap a camera left earlier in the span stays as it was.
     */
    static void dropUnshown(List<FrameCache.SpanPacket> out) {
        int lastKey = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).key()) {
                lastKey = i;
            }
        }
        long step = frameStep(out); // from the whole span: the last group may hold two frames only
        long[] shown = out.subList(lastKey, out.size()).stream()
                .mapToLong(FrameCache.SpanPacket::ptsMicros)
                .sorted()
                .toArray();
        for (int i = 1; i < shown.length && step != Long.MAX_VALUE; i++) {
            if (shown[i] - shown[i - 1] > step * 3 / 2) {
                long last = shown[i - 1];
                out.removeIf(p -> p.ptsMicros() > last);
                return;
            }
        }
    }

    /** The shortest time between two frames shown, or {@code Long.MAX_VALUE} for fewer than two. */
    private static long frameStep(List<FrameCache.SpanPacket> packets) {
        long[] all = packets.stream()
                .mapToLong(FrameCache.SpanPacket::ptsMicros)
                .sorted()
                .toArray();
        long step = Long.MAX_VALUE;
        for (int i = 1; i < all.length; i++) {
            if (all[i] > all[i - 1]) {
                step = Math.min(step, all[i] - all[i - 1]);
            }
        }
        return step;
    }
}
