package io.evex.runtime.analysis.track;

import io.evex.runtime.analysis.Detection;

/**
 * One followed object: a stable id, its class, the filtered box and velocity, and how long it has
 * been seen or missed. Read-only outside the tracker, but for the attributes a classifier found
 * (set on the channel's thread, reported on its later {@code track} events).
 */
public final class Track {

    /** What a classifier said of the object last: a value and its probability. */
    public record Attribute(String value, double confidence) {}

    final long id;
    final BoxKalman filter;
    String label;
    double confidence;
    int hits;
    int missed;
    int age;
    boolean confirmed;
    private Detection last;
    private final java.util.Map<String, Attribute> attributes = new java.util.LinkedHashMap<>(2);

    Track(long id, Detection d) {
        this.id = id;
        this.filter = new BoxKalman(d);
        this.label = d.label();
        this.confidence = d.confidence();
        this.hits = 1;
        this.last = d;
    }

    /** Sets the attribute {@code name} (a classifier's latest answer about this object). */
    public void attribute(String name, String value, double confidence) {
        attributes.put(name, new Attribute(value, confidence));
    }

    /** The attributes found so far, by name. */
    public java.util.Map<String, Attribute> attributes() {
        return java.util.Collections.unmodifiableMap(attributes);
    }

    /** The detection matched last: where the object was really seen (the filter keeps predicting after). */
    public Detection lastSeen() {
        return last;
    }

    public long id() {
        return id;
    }

    /** The id events carry ({@code tracking_id}, {@code ref_tracking_id}). */
    public String trackingId() {
        return "t-" + id;
    }

    public String label() {
        return label;
    }

    public double confidence() {
        return confidence;
    }

    /** Frames since the track began. */
    public int age() {
        return age;
    }

    /** Consecutive frames without a matching detection. */
    public int missed() {
        return missed;
    }

    public double l() {
        return filter.left();
    }

    public double t() {
        return filter.top();
    }

    public double w() {
        return filter.width();
    }

    public double h() {
        return filter.height();
    }

    /** Velocity of the box's centre, in image widths and heights per frame. */
    public double dx() {
        return filter.x[4];
    }

    public double dy() {
        return filter.x[5];
    }

    void matched(Detection d) {
        filter.update(d);
        last = d;
        confidence = d.confidence();
        hits++;
        missed = 0;
    }

    @Override
    public String toString() {
        return "t-" + id + " " + label + String.format(" [%.3f %.3f %.3f %.3f]", l(), t(), w(), h());
    }
}
