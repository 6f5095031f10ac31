package io.evex.runtime.analysis.crop;

/**
 * An object's dominant colour: its name, the share of the object's pixels it covers, and their
 * mean colour.
 */
public record Colour(String name, double share, int red, int green, int blue) {

    /** The mean colour as {@code #rrggbb}. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }
}
