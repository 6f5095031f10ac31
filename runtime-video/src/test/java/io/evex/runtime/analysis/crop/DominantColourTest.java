package io.evex.runtime.analysis.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DominantColourTest {

    /** A BGR picture of one colour, with a border of another (the background around a box). */
    private static byte[] picture(int w, int h, int[] rgb, int[] border, int borderPx) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean edge = x < borderPx || y < borderPx || x >= w - borderPx || y >= h - borderPx;
                int[] c = edge ? border : rgb;
                int i = (y * w + x) * 3;
                p[i] = (byte) c[2];
                p[i + 1] = (byte) c[1];
                p[i + 2] = (byte) c[0];
            }
        }
        return p;
    }

    @Test
    void namesPlainColoursByHueSaturationAndBrightness() {
        Object[][] cases = {
            {new int[] {200, 40, 30}, "red"},
            {new int[] {240, 140, 20}, "orange"},
            {new int[] {110, 60, 20}, "brown"},
            {new int[] {230, 220, 40}, "yellow"},
            {new int[] {40, 160, 60}, "green"},
            {new int[] {40, 190, 200}, "cyan"},
            {new int[] {30, 60, 200}, "blue"},
            {new int[] {120, 40, 180}, "purple"},
            {new int[] {230, 80, 170}, "pink"},
            {new int[] {20, 20, 25}, "black"},
            {new int[] {240, 240, 235}, "white"},
            {new int[] {128, 128, 130}, "grey"},
        };
        for (Object[] c : cases) {
            int[] rgb = (int[]) c[0];
            Colour colour = DominantColour.of(picture(20, 30, rgb, rgb, 0), 20, 30);
            assertEquals(c[1], colour.name(), java.util.Arrays.toString(rgb));
            assertEquals(1.0, colour.share());
            assertEquals(String.format("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]), colour.hex());
        }
    }

    @Test
    void theBackgroundAtTheBoxEdgesDoesNotWin() {
        // A blue coat in a box whose outer fifth on each side is grey pavement: 36 % of the pixels.
        byte[] p = picture(50, 100, new int[] {30, 60, 200}, new int[] {128, 128, 128}, 9);
        Colour colour = DominantColour.of(p, 50, 100);
        assertEquals("blue", colour.name());
        assertTrue(colour.share() > 0.8, "the middle is mostly coat: " + colour);
    }

    @Test
    void anEmptyPictureHasNoColour() {
        assertNull(DominantColour.of(new byte[0], 0, 0));
    }
}
