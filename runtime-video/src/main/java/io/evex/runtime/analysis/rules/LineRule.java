package io.evex.runtime.analysis.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tripwire from A to B: {@code event-line-crossing} when an object's bottom centre passes from one
 * side to the other within the segment. Direction {@code a-b} is a crossing from the left of A→B
 * to its right as the image shows it (for a line drawn left to right, top to bottom of the
 * picture); {@code b-a} the other way; {@code both} reports either. A band of
 * {@value #DEAD_BAND} around the line belongs to neither side, so jitter on the line is no crossing.
 */
public final class LineRule {

    /** Half-width of the band around the line that counts as neither side (normalised units). */
    static final double DEAD_BAND = 0.01;

    /** Which crossings are reported. */
    public enum Direction {
        BOTH,
        A_B,
        B_A;

        public static Direction parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "both" -> BOTH;
                case "a-b" -> A_B;
                case "b-a" -> B_A;
                default -> throw new IllegalArgumentException("direction must be both, a-b or b-a, not '" + s + "'");
            };
        }
    }

    private final String name;
    private final double ax;
    private final double ay;
    private final double bx;
    private final double by;
    private final Direction direction;
    private final ObjectFilter filter;
    private final Map<String, Integer> sides = new HashMap<>();

    public LineRule(String name, double ax, double ay, double bx, double by, Direction direction, ObjectFilter filter) {
        if (ax == bx && ay == by) {
            throw new IllegalArgumentException("line '" + name + "': its two points are the same");
        }
        this.name = name;
        this.ax = ax;
        this.ay = ay;
        this.bx = bx;
        this.by = by;
        this.direction = direction;
        this.filter = filter;
    }

    public String name() {
        return name;
    }

    public double[] points() {
        return new double[] {ax, ay, bx, by};
    }

    public void update(TrackPoint p, List<RuleEvent> out) {
        if (!filter.accepts(p)) {
            return;
        }
        int side = side(p.x(), p.y());
        if (side == 0) {
            return;
        }
        Integer before = sides.put(p.trackingId(), side);
        if (before == null || before == side || !withinSegment(p.x(), p.y())) {
            return;
        }
        // In image coordinates (y down) a positive cross product is the right of A→B.
        String crossed = side > 0 ? "a-b" : "b-a";
        if (direction == Direction.BOTH
                || (direction == Direction.A_B && side > 0)
                || (direction == Direction.B_A && side < 0)) {
            out.add(new RuleEvent("event-line-crossing", name, p, crossed, 0, 0));
        }
    }

    public void ended(TrackPoint last) {
        sides.remove(last.trackingId());
    }

    /** +1 right of A→B, -1 left, 0 within the dead band. */
    private int side(double x, double y) {
        double dx = bx - ax;
        double dy = by - ay;
        double distance = (dx * (y - ay) - dy * (x - ax)) / Math.hypot(dx, dy);
        return distance > DEAD_BAND ? 1 : distance < -DEAD_BAND ? -1 : 0;
    }

    /** Whether the point's projection falls on the segment (a crossing beyond B is no crossing). */
    private boolean withinSegment(double x, double y) {
        double dx = bx - ax;
        double dy = by - ay;
        double along = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
        return along >= 0 && along <= 1;
    }
}
