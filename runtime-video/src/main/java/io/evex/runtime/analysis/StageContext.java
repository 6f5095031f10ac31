package io.evex.runtime.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a {@link FrameStage} can do besides looking at the frame: pass it on, emit events, draw. */
public interface StageContext {

    /** The stage's name in its pipeline. */
    String name();

    /**
     * What earlier stages found in the frame now going through (and, in {@link FrameStage#finish},
     * what earlier stages' ends found); write what this stage finds for the stages after it.
     */
    FrameMeta meta();

    /** Hands the frame to the next stage (does nothing after the last). */
    void next(AnalysisFrame frame);

    /**
     * A new event of {@code type} in {@code version} for {@code frame}, with the envelope every event
     * carries already filled in; add the type's fields, then {@link #emit} it.
     */
    ObjectNode event(String type, int version, AnalysisFrame frame);

    /** Publishes an event (through the channel's preprocess filter, if any, then onto the bus). */
    void emit(ObjectNode event);

    /**
     * The boxes drawn on annotated outputs from now on, as {@code l,t,w,h} quadruples normalised to
     * 0..1; they stay until the stage sets others (frames between analysed ones keep the last boxes).
     */
    void overlay(float[] boxes);

    /** The same, with a label per box (class and id) drawn above it; {@code labels} may hold nulls. */
    default void overlay(float[] boxes, String[] labels) {
        overlay(boxes);
    }

    /**
     * The objects tracked on an analysed frame, for outputs that carry them beside the video
     * (the RTSP server's ONVIF metadata track); nothing listens by default.
     */
    default void objects(io.evex.api.media.FrameObjects objects) {}
}
