package io.evex.runtime.channel;

import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.motion.MotionStage;

/**
 * One kind of object detector, named by the {@code objects.detector} setting: it makes the
 * {@link ObjectSource} the {@code detect} stage runs. A new backend is one class and one line in
 * {@link DetectorBackends}.
 */
public interface DetectorBackend {

    /**
     * What a backend may use: the channel's settings, its motion stage (null when motion is off)
     * and the parts made outside this module (pictures, the AI server's client).
     */
    record Context(ChannelSettings channel, MotionStage motion, AnalysisParts parts) {}

    /** Frames per second the backend wants, put in front of it as a {@code detect-rate} stage; 0 = every frame. */
    default double fps(ObjectSettings objects) {
        return 0;
    }

    /**
     * The detector for one channel, or null when it has nothing to detect from (the motion regions
     * of a channel whose motion is off).
     *
     * @throws DetectorException when it cannot start (a model that does not load); said once, the
     *     channel then runs without detection
     */
    ObjectSource open(Context context) throws DetectorException;
}
