package io.evex.runtime.analysis.motion;

import io.evex.runtime.analysis.GreyImage;
import io.evex.runtime.analysis.rules.Mask;
import java.util.Arrays;
import java.util.List;

/**
 * Finds moving regions by comparing each analysed frame, small and grey, with a slowly learned
 * background. Changed pixels are grown by one pixel (to join the parts of one moving object) and
 * grouped into connected regions; regions smaller than the minimum area are ignored as noise.
 *
 * <p>All working arrays are allocated once per image size: analysing a frame allocates nothing but
 * the result.
 */
public final class MotionDetector {

    /** Weight of a new frame in the background: the background follows a scene change in ~2 s at 10 fps. */
    private static final float LEARNING_RATE = 0.05f;

    /** The outcome of one analysed frame. */
    public record Motion(float ratio, float[] boxes) {
        /** The number of regions. */
        public int regions() {
            return boxes.length / 4;
        }
    }

    private static final Motion NONE = new Motion(0, new float[0]);

    private final MotionSettings settings;
    private final List<Mask> masks;
    private boolean[] ignored; // pixels inside a motion mask, per image size; null = none
    private float[] background;
    private boolean[] changed;
    private boolean[] grown;
    private int[] labels;
    private int[] stack;
    private int w;
    private int h;

    public MotionDetector(MotionSettings settings) {
        this(settings, List.of());
    }

    /** @param masks polygons where changes never count as motion (trees, a clock, a road) */
    public MotionDetector(MotionSettings settings, List<Mask> masks) {
        this.settings = settings;
        this.masks = List.copyOf(masks);
    }

    /** Analyses one frame, small and grey; regions are {@code l,t,w,h} quadruples normalised to 0..1. */
    public Motion analyse(GreyImage image) {
        byte[] grey = image.pixels();
        if (background == null || image.width() != w || image.height() != h) {
            reset(grey, image.width(), image.height());
            return NONE;
        }
        int threshold = settings.threshold();
        int count = 0;
        int n = w * h;
        for (int i = 0; i < n; i++) {
            float value = grey[i] & 0xff;
            float bg = background[i];
            boolean moved = Math.abs(value - bg) > threshold && (ignored == null || !ignored[i]);
            changed[i] = moved;
            if (moved) {
                count++;
            }
            background[i] = bg + (value - bg) * LEARNING_RATE;
        }
        float ratio = (float) count / n;
        if (count == 0 || ratio < settings.minArea()) {
            return new Motion(ratio, NONE.boxes());
        }
        grow();
        return new Motion(ratio, regions());
    }

    private void reset(byte[] grey, int width, int height) {
        w = width;
        h = height;
        int n = w * h;
        background = new float[n];
        for (int i = 0; i < n; i++) {
            background[i] = grey[i] & 0xff;
        }
        changed = new boolean[n];
        grown = new boolean[n];
        labels = new int[n];
        stack = new int[n];
        ignored = null;
        if (!masks.isEmpty()) {
            ignored = new boolean[n];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double cx = (x + 0.5) / w;
                    double cy = (y + 0.5) / h;
                    ignored[y * w + x] =
                            masks.stream().anyMatch(m -> m.polygon().contains(cx, cy));
                }
            }
        }
    }

    /** Dilates the changed mask by one pixel (3x3). */
    private void grow() {
        Arrays.fill(grown, false);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (!changed[row + x]) {
                    continue;
                }
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    int r = yy * w;
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        grown[r + xx] = true;
                    }
                }
            }
        }
    }

    /** Bounding boxes of the 8-connected regions of the grown mask that are large enough. */
    private float[] regions() {
        Arrays.fill(labels, 0);
        int minPixels = Math.max(1, (int) Math.ceil(settings.minArea() * w * h));
        float[] boxes = new float[16];
        int found = 0;
        int label = 0;
        for (int start = 0; start < grown.length; start++) {
            if (!grown[start] || labels[start] != 0) {
                continue;
            }
            label++;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            int minX = w, minY = h, maxX = -1, maxY = -1, pixels = 0;
            while (top > 0) {
                int p = stack[--top];
                int x = p % w;
                int y = p / w;
                pixels++;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                        int q = yy * w + xx;
                        if (grown[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (pixels < minPixels) {
                continue;
            }
            if ((found + 1) * 4 > boxes.length) {
                boxes = Arrays.copyOf(boxes, boxes.length * 2);
            }
            boxes[found * 4] = (float) minX / w;
            boxes[found * 4 + 1] = (float) minY / h;
            boxes[found * 4 + 2] = (float) (maxX - minX + 1) / w;
            boxes[found * 4 + 3] = (float) (maxY - minY + 1) / h;
            found++;
        }
        return Arrays.copyOf(boxes, found * 4);
    }
}
