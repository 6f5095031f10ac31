package io.evex.runtime.channel;

import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.RateStage;
import io.evex.runtime.analysis.classify.Classifier;
import io.evex.runtime.analysis.classify.ClassifySettings;
import io.evex.runtime.analysis.classify.ClassifyStage;
import io.evex.runtime.analysis.crop.CropStage;
import io.evex.runtime.analysis.crop.Cropper;
import io.evex.runtime.analysis.detect.DetectStage;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.analysis.motion.MotionStage;
import io.evex.runtime.analysis.rules.MaskStage;
import io.evex.runtime.analysis.rules.RulesStage;
import io.evex.runtime.analysis.track.TrackStage;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a channel's analysis pipeline from its settings, each stage named as {@code statistics}
 * reports it: {@code rate} and {@code motion} when motion is on; then, when {@code objects} names
 * a detector ({@link DetectorBackends}), {@code detect-rate} (a backend's own rate), {@code detect},
 * {@code masks} (when objects are masked or filtered), {@code track}, {@code rules} (when there are zones or lines),
 * {@code classify} (when classifiers are set) and {@code crops} (when pictures
 * are asked for). Pictures and the AI server's client come from {@link AnalysisParts}, made by the
 * composition root (media and HTTP code this package does not know).
 */
public final class ChannelAnalysis {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAnalysis.class);

    private ChannelAnalysis() {}

    /** The analysis a channel's settings ask for, without pictures of objects. */
    public static AnalysisPipeline standard(ChannelSettings settings, EventSink publisher, EventEnvelope envelope) {
        return standard(settings, publisher, envelope, AnalysisParts.NONE);
    }

    /** The analysis a channel's settings ask for, with the parts made outside this module. */
    public static AnalysisPipeline standard(
            ChannelSettings settings, EventSink publisher, EventEnvelope envelope, AnalysisParts parts) {
        AnalysisPipeline pipeline = new AnalysisPipeline(settings.name(), envelope, publisher);
        MotionSettings motion = settings.motion();
        MotionStage motionStage = null;
        if (motion.enabled()) {
            motionStage = new MotionStage(motion, settings.objects().masks().motion());
            pipeline.addLast("rate", new RateStage(motion.fps())).addLast("motion", motionStage);
        }
        ObjectSettings objects = settings.objects();
        DetectorBackend backend = DetectorBackends.of(objects.detector());
        if (backend == null) {
            return pipeline;
        }
        ObjectSource source;
        try {
            source = backend.open(new DetectorBackend.Context(settings, motionStage, parts));
        } catch (DetectorException e) {
            LOG.error("channel '{}': no object detection: {}", settings.name(), e.getMessage());
            return pipeline;
        }
        if (source == null) {
            return pipeline;
        }
        if (backend.fps(objects) > 0) {
            pipeline.addLast("detect-rate", new RateStage(backend.fps(objects)));
        }
        pipeline.addLast("detect", new DetectStage(source));
        if (objects.masks().filtersObjects()) {
            pipeline.addLast("masks", new MaskStage(objects.masks()));
        }
        pipeline.addLast("track", new TrackStage(objects.tracker(), objects.updateMs(), objects.moveShare()));
        if (!objects.zones().isEmpty() || !objects.lines().isEmpty()) {
            pipeline.addLast(
                    "rules",
                    new RulesStage(
                            objects.zones().stream()
                                    .map(ObjectSettings.ZoneSpec::rule)
                                    .toList(),
                            objects.lines().stream()
                                    .map(ObjectSettings.LineSpec::rule)
                                    .toList()));
        }
        classify(settings, pipeline);
        if (objects.crops().enabled()) {
            Cropper cropper = parts.croppers().get();
            pipeline.addLast("crops", new CropStage(objects.crops(), cropper));
        }
        return pipeline;
    }

    /** The {@code classify} stage, with every classifier that opens (one that does not is said, once). */
    private static void classify(ChannelSettings settings, AnalysisPipeline pipeline) {
        List<Classifier> classifiers = new ArrayList<>();
        for (ClassifySettings c : settings.objects().classifiers()) {
            try {
                classifiers.add(new Classifier(c));
            } catch (DetectorException e) {
                LOG.error("channel '{}': no classify '{}': {}", settings.name(), c.name(), e.getMessage());
            }
        }
        if (!classifiers.isEmpty()) {
            pipeline.addLast(
                    "classify", new ClassifyStage(settings.name(), classifiers, settings.readFasterThanRealTime()));
        }
    }
}
