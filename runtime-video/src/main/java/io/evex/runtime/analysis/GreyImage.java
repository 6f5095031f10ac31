package io.evex.runtime.analysis;

/**
 * A small grey version of a frame, one byte per pixel, row by row: what pixel-level stages such as
 * motion read. The array may be reused for the next frame: read it during the call only.
 */
public record GreyImage(byte[] pixels, int width, int height) {

    public GreyImage {
        if (width < 1 || height < 1 || pixels.length < width * height) {
            throw new IllegalArgumentException("a grey image of " + width + "x" + height + " needs " + width * height
                    + " bytes, got " + pixels.length);
        }
    }
}
