package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.BgrImage;
import java.nio.FloatBuffer;

/**
 * How a picture becomes a model's input tensor: its size, the pixel order and value range, the
 * mean and std, and how the picture is fitted (letterboxed, centred or top-left, or stretched).
 * The values of every pixel byte are looked up in a table made once, so any normalisation costs
 * the same as none.
 */
public final class ModelInput {

    /** How a picture is fitted onto the input. */
    public enum Resize {
        LETTERBOX,
        LETTERBOX_TOP_LEFT,
        STRETCH;

        static Resize parse(String s) {
            return switch (s) {
                case "letterbox" -> LETTERBOX;
                case "letterbox-top-left" -> LETTERBOX_TOP_LEFT;
                default -> STRETCH;
            };
        }

        String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** Where the scaled picture sits on the input, in input pixels. */
    public record Placement(int x, int y, int width, int height) {}

    private static final int PAD = 114; // the grey YOLOX and Ultralytics letterbox with

    private final int width;
    private final int height;
    private final boolean nhwc;
    private final boolean rgb;
    private final Resize resize;
    private final String description;
    private final float[][] table = new float[3][256]; // per tensor channel: byte value -> input value

    /**
     * @param range 1 (0..1) or 255 (0..255)
     * @param mean per R, G, B, subtracted after scaling to the range (null = 0)
     * @param std per R, G, B, divided by after the mean (null = 1)
     */
    public ModelInput(
            int width,
            int height,
            boolean nhwc,
            boolean rgb,
            double range,
            double[] mean,
            double[] std,
            Resize resize) {
        this.width = width;
        this.height = height;
        this.nhwc = nhwc;
        this.rgb = rgb;
        this.resize = resize;
        for (int c = 0; c < 3; c++) {
            int rgbIndex = rgb ? c : 2 - c; // the tensor's channel c holds R, G, B or B, G, R
            double m = mean == null ? 0 : mean[rgbIndex];
            double s = std == null ? 1 : std[rgbIndex];
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v * range / 255.0 - m) / s);
            }
        }
        this.description = width + "x" + height + (nhwc ? " NHWC " : " ") + (rgb ? "RGB" : "BGR") + " 0.."
                + (range == 1 ? "1" : "255") + (mean == null ? "" : " mean " + java.util.Arrays.toString(mean))
                + (std == null ? "" : " std " + java.util.Arrays.toString(std)) + ", " + resize.key();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Floats one picture takes in the tensor. */
    public int size() {
        return 3 * width * height;
    }

    /** What the model is fed, for the start message and the status. */
    public String describe() {
        return description;
    }

    /** The size a {@code frameWidth x frameHeight} frame is scaled to before {@link #fill}. */
    public int[] scaled(int frameWidth, int frameHeight) {
        if (resize == Resize.STRETCH) {
            return new int[] {width, height};
        }
        double r = Math.min((double) width / frameWidth, (double) height / frameHeight);
        return new int[] {
            Math.max(1, Math.min(width, (int) Math.round(frameWidth * r))),
            Math.max(1, Math.min(height, (int) Math.round(frameHeight * r)))
        };
    }

    /** Where a picture of {@code w x h} (from {@link #scaled}) lies on the input. */
    public Placement place(int w, int h) {
        w = Math.min(w, width);
        h = Math.min(h, height);
        if (resize == Resize.LETTERBOX) {
            return new Placement((width - w) / 2, (height - h) / 2, w, h);
        }
        return new Placement(0, 0, w, h);
    }

    /**
     * Writes {@code image} (already scaled, see {@link #scaled}) into {@code tensor} at {@code
     * offset}, straight into its (direct) memory.
     */
    public Placement fill(BgrImage image, FloatBuffer tensor, int offset) {
        return fill(image, tensor, offset, null);
    }

    /**
     * The same, knowing where the picture written before at {@code offset} lay ({@code before}): when this one lies
     * there too, the grey around it is already in place and is not written again (a channel's frames
     * all have one size).
     */
    public Placement fill(BgrImage image, FloatBuffer tensor, int offset, Placement before) {
        Placement p = place(image.width(), image.height());
        boolean padded = p.equals(before);
        float[] c0 = table[0];
        float[] c1 = table[1];
        float[] c2 = table[2];
        int plane = width * height;
        if (!padded && (p.width() < width || p.height() < height)) {
            for (int i = 0; i < plane; i++) {
                if (nhwc) {
                    tensor.put(offset + 3 * i, c0[PAD])
                            .put(offset + 3 * i + 1, c1[PAD])
                            .put(offset + 3 * i + 2, c2[PAD]);
                } else {
                    tensor.put(offset + i, c0[PAD])
                            .put(offset + plane + i, c1[PAD])
                            .put(offset + 2 * plane + i, c2[PAD]);
                }
            }
        }
        byte[] px = image.pixels();
        int first = rgb ? 2 : 0; // BGR bytes: blue at 0, red at 2
        int last = 2 - first;
        for (int y = 0; y < p.height(); y++) {
            int from = y * image.width() * 3;
            int at = offset + (y + p.y()) * width + p.x();
            for (int x = 0; x < p.width(); x++) {
                int o = from + x * 3;
                float a = c0[px[o + first] & 0xff];
                float b = c1[px[o + 1] & 0xff];
                float c = c2[px[o + last] & 0xff];
                if (nhwc) {
                    int i = offset + 3 * ((y + p.y()) * width + p.x() + x);
                    tensor.put(i, a).put(i + 1, b).put(i + 2, c);
                } else {
                    tensor.put(at + x, a).put(plane + at + x, b).put(2 * plane + at + x, c);
                }
            }
        }
        return p;
    }
}
