package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import java.util.List;

/**
 * An ONNX detector run on the caller's thread, one picture at a time, with a session of its own:
 * what the AI server command, benchmarks and tests use. Channels share sessions through
 * {@link SharedDetectors} instead.
 */
public final class OnnxDetector implements AutoCloseable {

    private final DetectorSettings settings;
    private final DetectorModel model;
    private final BatchRunner runner;

    /** @throws DetectorException when the model does not load, fit a layout, or have the classes asked for */
    public OnnxDetector(DetectorSettings settings) throws DetectorException {
        this.settings = settings;
        this.model = new DetectorModel(settings.model().withBatch(1));
        try {
            model.check(settings);
        } catch (DetectorException e) {
            model.close();
            throw e;
        }
        this.runner = new BatchRunner(model);
    }

    public DetectorModel model() {
        return model;
    }

    /** Detects in a frame: scales it once (in FFmpeg for decoded video) as the model's input wants. */
    public List<Detection> detect(AnalysisFrame frame) throws DetectorException {
        int[] s = model.input().scaled(frame.width(), frame.height());
        return detect(frame.bgr(s[0], s[1]));
    }

    /**
     * Detects in a picture already scaled as {@link ModelInput#scaled} says (no larger than the
     * input); boxes are normalised to the picture.
     */
    public List<Detection> detect(BgrImage image) throws DetectorException {
        return runner.detect(List.of(image), List.of(settings)).get(0);
    }

    @Override
    public void close() {
        model.close();
    }
}
