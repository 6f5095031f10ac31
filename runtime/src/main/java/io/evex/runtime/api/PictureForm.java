package io.evex.runtime.api;

import io.evex.runtime.http.ApiException;

/**
 * How a client wants a picture: format, size (0 = the source's; one of the two = keep the aspect)
 * and whether the channel's overlay is drawn on it.
 */
record PictureForm(String format, int width, int height, boolean annotated) {

    static final int MAX_SIDE = 4096;

    /** Checks the request's values; {@code width}/{@code height} null = not given. */
    static PictureForm of(String format, Integer width, Integer height, boolean annotated) {
        String f = format == null ? "jpg" : format.equals("jpeg") ? "jpg" : format;
        if (!f.equals("jpg") && !f.equals("png")) {
            throw ApiException.badRequest("format", "format must be jpg or png, not '" + format + "'");
        }
        return new PictureForm(f, side("width", width), side("height", height), annotated);
    }

    private static int side(String name, Integer v) {
        if (v == null) {
            return 0;
        }
        if (v < 16 || v > MAX_SIDE) {
            throw ApiException.badRequest(name, name + " must be 16 to " + MAX_SIDE + " pixels, not " + v);
        }
        return v;
    }

    /** The picture's size for a source of {@code w x h}: even numbers, the aspect kept when one side is given. */
    int[] size(int w, int h) {
        int outW = width;
        int outH = height;
        if (outW == 0 && outH == 0) {
            outW = w;
            outH = h;
        } else if (outW == 0) {
            outW = (int) Math.round((double) w * outH / h);
        } else if (outH == 0) {
            outH = (int) Math.round((double) h * outW / w);
        }
        return new int[] {Math.max(2, outW & ~1), Math.max(2, outH & ~1)};
    }
}
