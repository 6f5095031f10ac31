package io.evex.runtime.analysis.motion;

/**
 * How the motion detector decides that something moved.
 *
 * @param enabled whether the channel runs the detector
 * @param sensitivity 0 (only strong changes) to 1 (the faintest change); sets the brightness
 *     difference a pixel must show against the learned background
 * @param minArea the smallest moving region reported, as a share of the image (0.002 = 0.2%)
 * @param cooldownMs the least time between two {@code event-motion} events of a channel
 * @param fps frames analysed per second at most (a frame-rate filter in front of the detector)
 * @param width width of the grey image analysed; smaller is faster and ignores finer noise
 */
public record MotionSettings(
        boolean enabled, double sensitivity, double minArea, long cooldownMs, double fps, int width) {

    public static final MotionSettings DEFAULT = new MotionSettings(true, 0.5, 0.002, 1000, 10, 160);

    public MotionSettings {
        if (sensitivity < 0 || sensitivity > 1) {
            throw new IllegalArgumentException("motion sensitivity must be between 0 and 1, not " + sensitivity);
        }
        if (minArea < 0 || minArea > 1) {
            throw new IllegalArgumentException(
                    "motion min_area must be a share of the image between 0 and 1, not " + minArea);
        }
        if (cooldownMs < 0 || fps <= 0 || width < 16) {
            throw new IllegalArgumentException("motion cooldown_ms must be >= 0, fps > 0 and width >= 16");
        }
    }

    /** The brightness difference (0-255) that counts a pixel as changed. */
    int threshold() {
        // 0.5 -> 20 grey levels: above sensor noise once four pixels are averaged into one, below a person on a wall.
        return (int) Math.round(35 - 30 * sensitivity);
    }
}
