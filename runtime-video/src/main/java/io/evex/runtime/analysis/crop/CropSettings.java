package io.evex.runtime.analysis.crop;

/**
 * A channel's pictures of its tracked objects ({@code crops} in the configuration).
 *
 * @param everyMs a {@code crop} event per object when it is first tracked and then at most this
 *     often (stream time); 0 = no {@code crop} events
 * @param best a {@code best-crop} event when a track ends: its best view (confidence x size)
 * @param attributes {@code attribute} events (the object's dominant colour) from the pictures
 * @param quality JPEG quality, 1 (smallest) to 100 (best)
 * @param maxSide pictures larger than this on their longer side are scaled down to it; 0 = never
 */
public record CropSettings(long everyMs, boolean best, boolean attributes, int quality, int maxSide) {

    /** What a tracking channel does unless told otherwise. */
    public static final CropSettings DEFAULTS = new CropSettings(2000, true, true, 85, 640);

    /** No pictures at all. */
    public static final CropSettings OFF = new CropSettings(0, false, false, 85, 640);

    public CropSettings {
        if (everyMs < 0) {
            throw new IllegalArgumentException("crops: every_ms must be 0 (none) or more, not " + everyMs);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("crops: quality must be 1 to 100, not " + quality);
        }
        if (maxSide < 0 || (maxSide > 0 && maxSide < 16)) {
            throw new IllegalArgumentException(
                    "crops: max_side must be 0 (never scale) or at least 16, not " + maxSide);
        }
    }

    /** Whether any picture is cut. */
    public boolean enabled() {
        return everyMs > 0 || best || attributes;
    }
}
