package io.evex.runtime.analysis.classify;

import io.evex.runtime.analysis.BgrImage;

/** A box of a picture, cut out and scaled (bilinear) to a model's input size. */
public final class PictureCut {

    private PictureCut() {}

    /** The box {@code l, t, w, h} (normalised) of {@code from}, as {@code width x height} pixels. */
    public static BgrImage cut(BgrImage from, double l, double t, double w, double h, int width, int height) {
        byte[] src = from.pixels();
        int fw = from.width();
        int fh = from.height();
        double x0 = Math.max(0, l) * fw;
        double y0 = Math.max(0, t) * fh;
        double bw = Math.max(1, Math.min(w, 1 - Math.max(0, l)) * fw);
        double bh = Math.max(1, Math.min(h, 1 - Math.max(0, t)) * fh);
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            double sy = Math.min(fh - 1, Math.max(0, y0 + (y + 0.5) * bh / height - 0.5));
            int y1 = (int) sy;
            int y2 = Math.min(fh - 1, y1 + 1);
            double fy = sy - y1;
            for (int x = 0; x < width; x++) {
                double sx = Math.min(fw - 1, Math.max(0, x0 + (x + 0.5) * bw / width - 0.5));
                int x1 = (int) sx;
                int x2 = Math.min(fw - 1, x1 + 1);
                double fx = sx - x1;
                for (int c = 0; c < 3; c++) {
                    double a =
                            (src[(y1 * fw + x1) * 3 + c] & 0xff) * (1 - fx) + (src[(y1 * fw + x2) * 3 + c] & 0xff) * fx;
                    double b =
                            (src[(y2 * fw + x1) * 3 + c] & 0xff) * (1 - fx) + (src[(y2 * fw + x2) * 3 + c] & 0xff) * fx;
                    out[(y * width + x) * 3 + c] = (byte) Math.round(a * (1 - fy) + b * fy);
                }
            }
        }
        return new BgrImage(out, width, height);
    }
}
