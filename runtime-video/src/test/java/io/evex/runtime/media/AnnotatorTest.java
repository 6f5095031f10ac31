package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evex.runtime.video.Ffmpeg;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

/** Boxes in red and the scene's zones and lines in yellow, drawn into a real FFmpeg frame. */
class AnnotatorTest {

    @Test
    void zonesAndLinesAreDrawnUnderTheBoxes() {
        Ffmpeg.init();
        AVFrame frame = av_frame_alloc();
        try {
            frame.width(128).height(128).format(AV_PIX_FMT_YUV420P);
            av_frame_get_buffer(frame, 0);
            ByteBuffer y =
                    frame.data(0).capacity((long) frame.linesize(0) * 128).asByteBuffer();
            for (int i = 0; i < y.capacity(); i++) {
                y.put(i, (byte) 16);
            }
            float[] line = {0.5f, 0.1f, 0.5f, 0.9f}; // a vertical tripwire down the middle
            float[] box = {0.1f, 0.1f, 0.2f, 0.2f};
            Annotator.draw(frame, box, line);
            int ls = frame.linesize(0);
            assertEquals(210, y.get(64 * ls + 64) & 0xff, "the line, in yellow's luma");
            assertEquals(16, y.get(64 * ls + 100) & 0xff, "beside the line: untouched");
            assertEquals(16, y.get(2 * ls + 64) & 0xff, "above the line's end: untouched");
            assertEquals(81, y.get(13 * ls + 20) & 0xff, "the box's top edge, in red's luma");

            // A labelled box: "A" is written above it (x 90, 18 pixels up), in dots of 2 pixels.
            Annotator.draw(frame, new float[] {0.7f, 0.5f, 0.2f, 0.2f}, new float[0], new String[] {"a"});
            assertEquals(16, y.get(46 * ls + 90) & 0xff, "the A's top row starts with a dark dot");
            assertEquals(81, y.get(46 * ls + 92) & 0xff, "then a lit one");
            assertEquals(81, y.get(52 * ls + 90) & 0xff, "its bar, four rows down, is lit from the left");
        } finally {
            av_frame_free(frame);
        }
    }
}
