package io.evex.runtime.channel;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.detect.DetectorPool;
import io.evex.runtime.analysis.detect.DetectorWorker;
import io.evex.runtime.analysis.detect.SharedDetectors;
import io.evex.runtime.analysis.motion.MotionStage;
import java.util.Map;
import java.util.function.Predicate;

/** The detector backends by the name {@code objects.detector} gives them. */
public final class DetectorBackends {

    private static final Map<String, DetectorBackend> BY_TYPE = Map.of(
            "onnx", new Onnx(),
            "http", new HttpExtension(),
            "motion", new MotionRegions());

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectorBackends.class);

    private DetectorBackends() {}

    /** The backend named {@code type}, or null ({@code none}). */
    public static DetectorBackend of(String type) {
        return BY_TYPE.get(type);
    }

    /** An ONNX model (YOLOX, YOLOv5/v8/11, end-to-end) on a session shared by the channels naming it, at {@code onnx.fps}. */
    private static final class Onnx implements DetectorBackend {
        @Override
        public double fps(ObjectSettings objects) {
            return objects.onnx().fps();
        }

        @Override
        public ObjectSource open(Context c) throws io.evex.runtime.analysis.detect.DetectorException {
            ChannelSettings channel = c.channel();
            DetectorPool pool = SharedDetectors.acquire(channel.objects().onnx(), channel.name());
            LOG.info("channel '{}': detector {}", channel.name(), pool.model().describe());
            return new DetectorWorker(pool, channel.objects().onnx(), channel.name(), channel.readFasterThanRealTime());
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
