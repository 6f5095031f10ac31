package io.evex.runtime.channel;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.detect.DetectorWorker;
import io.evex.runtime.analysis.detect.YoloxDetector;
import io.evex.runtime.analysis.motion.MotionStage;
import java.util.Map;
import java.util.function.Predicate;

/** The detector backends by the name {@code objects.detector} gives them. */
public final class DetectorBackends {

    private static final Map<String, DetectorBackend> BY_TYPE = Map.of(
            "onnx", new Onnx(),
            "http", new HttpExtension(),
            "motion", new MotionRegions());

    private DetectorBackends() {}

    /** The backend named {@code type}, or null ({@code none}). */
    public static DetectorBackend of(String type) {
        return BY_TYPE.get(type);
    }

    /** A YOLOX model run by ONNX Runtime on the channel's own worker thread, at {@code onnx.fps}. */
    private static final class Onnx implements DetectorBackend {
        @Override
        public double fps(ObjectSettings objects) {
            return objects.onnx().fps();
        }

        @Override
        public ObjectSource open(Context c) throws io.evex.runtime.analysis.detect.DetectorException {
            ObjectSettings objects = c.channel().objects();
            YoloxDetector detector = new YoloxDetector(objects.onnx());
            return new DetectorWorker(
                    detector, c.channel().name(), objects.onnx().inputSize());
        }
    }

    /** An AI server over the LVA HTTP extension contract, asked only about frames with motion when motion is on. */
    private static final class HttpExtension implements DetectorBackend {
        @Override
        public ObjectSource open(Context c) {
            MotionStage seen = c.motion();
            Predicate<AnalysisFrame> moving =
                    seen == null ? frame -> true : frame -> !seen.objects(frame).isEmpty();
            return c.parts().extensions().apply(c.channel().objects().extension(), moving);
        }
    }

    /** The motion stage's moving regions as objects of class {@code motion}. */
    private static final class MotionRegions implements DetectorBackend {
        @Override
        public ObjectSource open(Context c) {
            MotionStage motion = c.motion();
            return motion == null ? null : frame -> new ObjectSource.Found(frame, motion.objects(frame));
        }
    }
}
