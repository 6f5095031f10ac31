package io.evex.runtime.analysis.classify;

import io.evex.runtime.analysis.detect.ModelSettings;
import java.util.Set;

/**
 * One classifier run on the pictures of tracked objects.
 *
 * @param name the attribute's name in events ({@code vehicle_type}, {@code color})
 * @param model the ONNX classification model and how it is fed; its {@code classNames} are the
 *     labels of its outputs (empty = the model's metadata)
 * @param classes the object classes whose pictures it reads; empty = all
 * @param everyMs at most this often per track, on the video's clock
 * @param minConfidence an answer below this is not reported
 */
public record ClassifySettings(
        String name, ModelSettings model, Set<String> classes, long everyMs, double minConfidence) {

    public ClassifySettings {
        classes = Set.copyOf(classes);
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "a classifier's name is 1-64 letters, digits, '_', '.' or '-', not '" + name + "'");
        }
        if (everyMs < 0 || minConfidence < 0 || minConfidence >= 1) {
            throw new IllegalArgumentException("classify '" + name + "': every >= 0s, min_confidence in [0, 1)");
        }
    }
}
