package io.evex.runtime.analysis.crop;

/**
 * Names an object's dominant colour from a small BGR picture of it: each pixel of the picture's
 * middle (the box's edges are mostly background) is named by its hue, saturation and brightness —
 * black, white, grey, red, orange, brown, yellow, green, cyan, blue, purple or pink — and the most
 * frequent name wins. Cheap (a few thousand pixels), and stable under lighting changes that keep
 * the hue.
 */
public final class DominantColour {

    static final String[] NAMES = {
        "black", "white", "grey", "red", "orange", "brown", "yellow", "green", "cyan", "blue", "purple", "pink"
    };

    private DominantColour() {}

    /** The dominant colour of packed BGR pixels, {@code width x height}; null for an empty picture. */
    public static Colour of(byte[] bgr, int width, int height) {
        int x0 = width / 5;
        int x1 = Math.max(x0 + 1, width - width / 5);
        int y0 = height / 10;
        int y1 = Math.max(y0 + 1, height - height / 10);
        int[] counts = new int[NAMES.length];
        long[][] sums = new long[NAMES.length][3];
        int total = 0;
        for (int y = y0; y < Math.min(y1, height); y++) {
            for (int x = x0; x < Math.min(x1, width); x++) {
                int i = (y * width + x) * 3;
                int b = bgr[i] & 0xff;
                int g = bgr[i + 1] & 0xff;
                int r = bgr[i + 2] & 0xff;
                int name = name(r, g, b);
                counts[name]++;
                sums[name][0] += r;
                sums[name][1] += g;
                sums[name][2] += b;
                total++;
            }
        }
        if (total == 0) {
            return null;
        }
        int best = 0;
        for (int n = 1; n < counts.length; n++) {
            if (counts[n] > counts[best]) {
                best = n;
            }
        }
        int c = counts[best];
        return new Colour(
                NAMES[best],
                Math.round(c * 10000.0 / total) / 10000.0,
                (int) (sums[best][0] / c),
                (int) (sums[best][1] / c),
                (int) (sums[best][2] / c));
    }

    /** The index in {@link #NAMES} of one pixel's colour. */
    static int name(int r, int g, int b) {
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        double value = max / 255.0;
        double saturation = max == 0 ? 0 : (max - min) / (double) max;
        if (value < 0.2) {
            return 0; // black
        }
        if (saturation < 0.2) {
            return value > 0.78 ? 1 : 2; // white, grey
        }
        double hue;
        double range = max - min;
        if (max == r) {
            hue = 60 * (((g - b) / range + 6) % 6);
        } else if (max == g) {
            hue = 60 * ((b - r) / range + 2);
        } else {
            hue = 60 * ((r - g) / range + 4);
        }
        if (hue < 15 || hue >= 340) {
            return value < 0.45 ? 5 : 3; // brown, red
        }
        if (hue < 42) {
            return value < 0.6 ? 5 : 4; // brown, orange
        }
        if (hue < 70) {
            return 6; // yellow
        }
        if (hue < 165) {
            return 7; // green
        }
        if (hue < 200) {
            return 8; // cyan
        }
        if (hue < 260) {
            return 9; // blue
        }
        if (hue < 295) {
            return 10; // purple
        }
        return 11; // pink
    }
}
