package io.evex.runtime.analysis.classify;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.ModelInput;
import io.evex.runtime.analysis.detect.OnnxModel;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * An ONNX classification model: a picture in (RGB 0..1 stretched unless its settings say
 * otherwise), one score per label out ({@code [1, K]}); scores that are not probabilities go
 * through a softmax. Labels come from the settings, else the model's metadata. Not thread-safe:
 * the stage runs it on one thread at a time.
 */
public final class Classifier implements AutoCloseable {

    /** The best label for a picture and its probability. */
    public record Answer(String value, double confidence) {}

    private final ClassifySettings settings;
    private final OnnxModel model;
    private final ModelInput input;
    private final List<String> labels;
    private final FloatBuffer tensor;

    /** @throws DetectorException naming the file and what does not fit */
    public Classifier(ClassifySettings settings) throws DetectorException {
        this.settings = settings;
        this.model = new OnnxModel(settings.model());
        try {
            var m = settings.model();
            int[] size = model.inputSize(m.width(), m.height(), null, 224);
            int width = size[0];
            int height = size[1];
            boolean nhwc = model.nhwc();
            this.input = new ModelInput(
                    width,
                    height,
                    nhwc,
                    !m.pixelFormat().equals("bgr"),
                    m.range() == 0 ? 1 : m.range(),
                    m.meanOrNull(),
                    m.stdOrNull(),
                    ModelInput.Resize.STRETCH);
            this.tensor = OnnxModel.buffer(input.size());
            long[] out = model.run(tensor, 1, width, height).shapes()[0];
            long scores = 1;
            for (int i = 1; i < out.length; i++) {
                scores *= out[i];
            }
            List<String> names = !m.classNames().isEmpty()
                    ? m.classNames()
                    : io.evex.runtime.analysis.detect.ModelNames.of(model.metadata());
            if (names.isEmpty()) {
                throw new DetectorException(m.file().getFileName() + " gives " + scores
                        + " scores and names no labels in its metadata: list them (labels: [...] or labels_file)");
            }
            if (names.size() != scores) {
                throw new DetectorException(m.file().getFileName() + " gives " + scores + " scores (output "
                        + java.util.Arrays.toString(out) + "), but " + names.size() + " labels are given");
            }
            this.labels = List.copyOf(names);
        } catch (DetectorException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ClassifySettings settings() {
        return settings;
    }

    /** The model's input width and height: what {@link #classify} wants its picture scaled to. */
    public int width() {
        return input.width();
    }

    public int height() {
        return input.height();
    }

    public List<String> labels() {
        return labels;
    }

    /** The best label for a picture of exactly {@link #width()} x {@link #height()}. */
    public Answer classify(BgrImage picture) throws DetectorException {
        tensor.clear();
        input.fill(picture, tensor, 0);
        float[] s = model.run(tensor, 1, input.width(), input.height()).data()[0];
        boolean probabilities = true;
        double sum = 0;
        for (float v : s) {
            probabilities &= v >= 0 && v <= 1;
            sum += v;
        }
        probabilities &= Math.abs(sum - 1) < 0.01;
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        double p;
        if (probabilities) {
            p = s[best];
        } else {
            double total = 0;
            for (float v : s) {
                total += Math.exp(v - s[best]);
            }
            p = 1 / total;
        }
        return new Answer(labels.get(best), p);
    }

    @Override
    public void close() {
        model.close();
    }
}
