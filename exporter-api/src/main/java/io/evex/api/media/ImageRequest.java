package io.evex.api.media;

/**
 * The still images an {@link ImageExporter} wants. Equal requests share one encoder.
 *
 * @param format {@code "jpg"} or {@code "png"}
 * @param width width in pixels, 0 = as the source
 * @param height height in pixels, 0 = as the source or scaled from {@code width}
 * @param fps images per second, at most the source's rate
 * @param quality 1 (smallest) to 100 (best); JPEG only
 * @param annotated draw the channel's current detections on the images
 */
public record ImageRequest(String format, int width, int height, double fps, int quality, boolean annotated) {

    public ImageRequest {
        if (!"jpg".equals(format) && !"png".equals(format)) {
            throw new IllegalArgumentException("image format must be jpg or png, not '" + format + "'");
        }
        if (width < 0 || height < 0 || fps <= 0 || quality < 1 || quality > 100) {
            throw new IllegalArgumentException(
                    "invalid image request " + width + "x" + height + " at " + fps + "/s, quality " + quality);
        }
    }
}
