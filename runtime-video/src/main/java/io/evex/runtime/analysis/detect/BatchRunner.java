package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread's way of running a {@link DetectorModel}: its input tensor (direct memory, handed to
 * ONNX Runtime without a copy) and the candidate boxes, made once and reused.
 * Not thread-safe: one per thread.
 */
final class BatchRunner {

    private final DetectorModel model;
    private final FloatBuffer tensor;
    private final BoxList boxes = new BoxList();
    private final ModelInput.Placement[] placed;

    BatchRunner(DetectorModel model) {
        this.model = model;
        int size = model.input().size();
        this.tensor = OnnxModel.buffer(size * model.batch());
        this.placed = new ModelInput.Placement[model.batch()];
    }

    /**
     * Objects in each picture (already scaled as {@link ModelInput#scaled} says), each read with its
     * own channel's settings; at most {@link DetectorModel#batch()} pictures.
     */
    List<List<Detection>> detect(List<BgrImage> images, List<DetectorSettings> settings) throws DetectorException {
        int n = images.size();
        int size = model.input().size();
        tensor.clear(); // the last run's limit
        for (int i = 0; i < n; i++) {
            placed[i] = model.input().fill(images.get(i), tensor, i * size, placed[i]);
        }
        tensor.limit(n * size);
        OnnxModel.Result result = model.run(tensor.slice(), n);
        List<List<Detection>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(model.objects(result, i, placed[i], settings.get(i), boxes));
        }
        return all;
    }
}
