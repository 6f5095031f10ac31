package io.evex.runtime.analysis;

/** A colour image as packed 8-bit blue, green, red triples, row by row (what detectors read). */
public record BgrImage(byte[] pixels, int width, int height) {

    public BgrImage {
        if (width < 1 || height < 1 || pixels.length < width * height * 3) {
            throw new IllegalArgumentException("a BGR image of " + width + "x" + height + " needs " + width * height * 3
                    + " bytes, got " + pixels.length);
        }
    }
}
