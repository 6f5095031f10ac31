package io.evex.runtime.api;

import io.evex.runtime.media.StillEncoder;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latest picture of each (channel, form), encoded once per new frame however many clients ask:
 * the first request for a frame encodes it, the others wait for that encode and share its bytes.
 * Previews (MJPEG) take their pictures from here too. At most {@value #MAX_FORMS} forms are kept;
 * the least recently used one gives way.
 */
final class PictureCache implements AutoCloseable {

    private static final int MAX_FORMS = 64;

    private record Key(String channel, PictureForm form) {}

    /** One form's encoder and its last picture; requests for it take turns. */
    private static final class Slot {
        final StillEncoder encoder;
        Picture last;
        boolean closed;

        Slot(PictureForm form) {
            this.encoder = new StillEncoder(form.format(), 85);
        }
    }

    private final Map<Key, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private final LongAdder encodes = new LongAdder();

    /**
     * The latest picture in {@code form} as of {@code frame}: the one already made for this frame —
     * or for a newer one, when a request that waited for the encoder comes with an older frame (it
     * asked for the latest, and gets it without another encode) — else made now.
     */
    Picture picture(VideoFrame frame, PictureForm form) throws VideoException {
        Slot slot = slot(new Key(frame.channel(), form));
        synchronized (slot) {
            Picture last = slot.last;
            if (last != null && last.frameId() >= frame.frameId()) {
                return last;
            }
            if (slot.closed) {
                return encodeOnce(frame, form);
            }
            slot.last = encode(slot.encoder, frame, form);
            return slot.last;
        }
    }

    /** A picture of a frame nobody else will ask for (a past frame): not kept. */
    Picture encodeOnce(VideoFrame frame, PictureForm form) throws VideoException {
        try (StillEncoder encoder = new StillEncoder(form.format(), 85)) {
            return encode(encoder, frame, form);
        }
    }

    /** Pictures encoded so far. */
    long encodes() {
        return encodes.sum();
    }

    /** A picture of {@code frame} made with {@code encoder} (a request's own, for many past frames). */
    Picture encode(StillEncoder encoder, VideoFrame frame, PictureForm form) throws VideoException {
        int[] size = form.size(frame.width(), frame.height());
        byte[] bytes = encoder.encode(frame, size[0], size[1], form.annotated());
        encodes.increment();
        return new Picture(
                frame.channel(), frame.frameId(), frame.epochMillis(), form.format(), size[0], size[1], bytes);
    }

    private Slot slot(Key key) {
        Slot evicted = null;
        Slot slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(key, k -> new Slot(k.form()));
            if (slots.size() > MAX_FORMS) {
                var it = slots.entrySet().iterator();
                evicted = it.next().getValue();
                it.remove();
            }
        }
        if (evicted != null) {
            close(evicted);
        }
        return slot;
    }

    private static void close(Slot slot) {
        synchronized (slot) {
            slot.closed = true;
            slot.encoder.close();
        }
    }

    @Override
    public void close() {
        synchronized (slots) {
            slots.values().forEach(PictureCache::close);
            slots.clear();
        }
    }
}
