package io.evex.runtime.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.GreyImage;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.crop.Cut;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.VideoFrame;
import io.evex.runtime.video.VideoPixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

/** FFmpeg cuts and encodes real frames: the picture is the box, at its size, and its colour is named. */
class CropEncoderTest {

    /** A 320x240 grey frame with a red block at x 100..159, y 60..179 (BT.601 limited range). */
    private static VideoFrame redBlock() {
        AVFrame f = av_frame_alloc();
        f.format(AV_PIX_FMT_YUV420P).width(320).height(240);
        av_frame_get_buffer(f, 0);
        for (int plane = 0; plane < 3; plane++) {
            int w = plane == 0 ? 320 : 160;
            int h = plane == 0 ? 240 : 120;
            int s = plane == 0 ? 1 : 2;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean red = x * s >= 100 && x * s < 160 && y * s >= 60 && y * s < 180;
                    int v = plane == 0 ? (red ? 81 : 128) : plane == 1 ? (red ? 90 : 128) : (red ? 240 : 128);
                    f.data(plane).put((long) y * f.linesize(plane) + x, (byte) v);
                }
            }
        }
        return new VideoFrame(f, "cam", 7, 280_000, 1_000_000);
    }

    /** An analysis frame whose pixels are a decoded frame, as the channel's are. */
    private record Decoded(VideoFrame video) implements VideoPixels {
        @Override
        public GreyImage grey(int width) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BgrImage bgr(int width, int height) {
            throw new UnsupportedOperationException();
        }
    }

    private static CropJob job(double l, double t, double w, double h) {
        return new CropJob(1, "t-1", "person", 0.9, false, 0, l, t, w, h);
    }

    @Test
    void cutsTheBoxAsAJpegOfItsSizeAndNamesItsColour() throws Exception {
        VideoFrame frame = redBlock();
        try (FrameCache cache = new FrameCache("cam", 0, 0, 0);
                CropEncoder crops = new CropEncoder("cam", cache, CropSettings.DEFAULTS)) {
            assertTrue(crops.cut(new Decoded(frame), List.of(job(100 / 320.0, 60 / 240.0, 60 / 320.0, 120 / 240.0))));
            frame.release(); // the encoder keeps its own reference while it works
            crops.drain(10_000);
            List<Cut> cuts = crops.done();
            assertEquals(1, cuts.size());
            Cut cut = cuts.get(0);
            assertTrue(cut.ok());
            assertEquals(60, cut.width());
            assertEquals(120, cut.height());
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(cut.jpeg()));
            assertNotNull(picture, "a JPEG");
            assertEquals(60, picture.getWidth());
            assertEquals(120, picture.getHeight());
            int rgb = picture.getRGB(30, 60);
            assertTrue(((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80, Integer.toHexString(rgb));
            assertEquals("red", cut.colour().name());
            assertEquals(7, cut.frame().frameId());
            assertEquals(1L, crops.counters().get("crops").longValue());
        }
    }

    @Test
    void bigBoxesAreScaledToMaxSideAndAFrameNoLongerKeptIsCountedAsMissed() throws Exception {
        VideoFrame frame = redBlock();
        try (FrameCache cache = new FrameCache("cam", 0, 0, 0);
                CropEncoder crops = new CropEncoder("cam", cache, new CropSettings(2000, true, true, 80, 160))) {
            assertTrue(crops.cut(new Decoded(frame), List.of(job(0, 0, 1, 1))));
            frame.release();
            // A stamp has no pixels, and an empty cache has no frame to decode.
            assertTrue(crops.cut(new FrameStamp("cam", 9, 360_000, 1_000_080, 320, 240), List.of(job(0, 0, 0.5, 0.5))));
            crops.drain(10_000);
            List<Cut> cuts = crops.done();
            assertEquals(2, cuts.size());
            assertEquals(160, cuts.get(0).width());
            assertEquals(120, cuts.get(0).height());
            assertEquals("grey", cuts.get(0).colour().name(), "mostly grey around the block");
            assertFalse(cuts.get(1).ok());
            assertEquals(1L, crops.counters().get("crops_missed").longValue());
        }
    }
}
