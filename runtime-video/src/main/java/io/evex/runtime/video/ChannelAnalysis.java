package io.evex.runtime.video;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.AnalysisParts;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.analysis.MotionSettings;
import io.evex.runtime.analysis.MotionStage;
import io.evex.runtime.analysis.ObjectSettings;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.RateStage;
import io.evex.runtime.analysis.TrackingStage;
import io.evex.runtime.analysis.crop.Cropper;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.DetectorWorker;
import io.evex.runtime.analysis.detect.YoloxDetector;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a channel's analysis pipeline from its settings: {@code rate} and {@code motion} when motion
 * is on; {@code detect-rate} and {@code tracking} with a detector model (on its own worker); else
 * {@code tracking} of the motion regions when zones, lines or a detector are configured. The tracking
 * stage's pictures of objects come from a {@link Cropper} made for it (media code, which this
 * package does not know, makes them: see {@code Evex}).
 */
public final class ChannelAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAnalysis.class);

    private ChannelAnalysis() {}

    /** The analysis a channel's settings ask for, without pictures of objects. */
    public static AnalysisPipeline standard(ChannelSettings settings, EventSink publisher, EventEnvelope envelope) {
        return standard(settings, publisher, envelope, AnalysisParts.NONE);
    }

    /**
     * The analysis a channel's settings ask for: with motion on, a rate filter, then the motion
     * detector; then detection (a model, or an AI server) and tracking, with the pictures of objects
     * and the AI server's client made by {@code parts} (asked only when the settings need them).
     */
    public static AnalysisPipeline standard(
            ChannelSettings settings, EventSink publisher, EventEnvelope envelope, AnalysisParts parts) {
        Supplier<Cropper> croppers = parts.croppers();
        AnalysisPipeline pipeline = new AnalysisPipeline(settings.name(), envelope, publisher);
        MotionSettings motion = settings.motion();
        ObjectSettings objects = settings.objects();
        MotionStage motionStage = null;
        if (motion.enabled()) {
            motionStage = new MotionStage(motion);
            pipeline.addLast("rate", new RateStage(motion.fps())).addLast("motion", motionStage);
        }
        if (objects.detector().equals("onnx")) {
            YoloxDetector detector;
            try {
                detector = new YoloxDetector(objects.onnx());
            } catch (DetectorException e) {
                LOG.error("channel '{}': no object detection: {}", settings.name(), e.getMessage());
                return pipeline;
            }
            DetectorWorker worker =
                    new DetectorWorker(detector, settings.name(), objects.onnx().inputSize());
            pipeline.addLast("detect-rate", new RateStage(objects.onnx().fps()))
                    .addLast("tracking", new TrackingStage(worker, objects, cropper(objects, croppers)));
        } else if (objects.detector().equals("http")) {
            MotionStage seen = motionStage;
            Predicate<AnalysisFrame> moving =
                    seen == null ? frame -> true : frame -> !seen.objects(frame).isEmpty();
            ObjectSource server = parts.extensions().apply(objects.extension(), moving);
            pipeline.addLast("tracking", new TrackingStage(server, objects, cropper(objects, croppers)));
        } else if (objects.enabled() && motionStage != null) {
            MotionStage motionObjects = motionStage;
            pipeline.addLast(
                    "tracking",
                    new TrackingStage(
                            frame -> new ObjectSource.Found(frame, motionObjects.objects(frame)),
                            objects,
                            cropper(objects, croppers)));
        }
        return pipeline;
    }

    private static Cropper cropper(ObjectSettings objects, Supplier<Cropper> croppers) {
        return objects.crops().enabled() ? croppers.get() : Cropper.NONE;
    }
}
