package io.evex.runtime.cli;

import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.ModelSettings;
import io.evex.runtime.analysis.detect.SharedDetectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads {@code --detector onnx:model=FILE,format=yolov8,classes=person+car,confidence=0.5,fps=5,input_size=416,threads=1}. */
final class DetectorOption {

    private DetectorOption() {}

    static DetectorSettings parse(String option) {
        String where = "--detector " + option;
        if (!option.startsWith("onnx:")) {
            throw new IllegalArgumentException(where + ": the detector kind is onnx (onnx:model=FILE)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : option.substring(5).split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": '" + pair + "' is not key=value");
            }
            values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        String file = values.remove("model");
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException(where + ": model=FILE is needed");
        }
        Path model = Path.of(file);
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException(
                    where + ": the model file " + model.toAbsolutePath() + " does not exist");
        }
        DetectorSettings d = DetectorSettings.of(model);
        try {
            String classes = values.remove("classes");
            DetectorSettings s = new DetectorSettings(
                    model(d.model(), values),
                    classes == null || classes.isEmpty() ? Set.of() : Set.of(classes.split("\\+")),
                    Double.parseDouble(values.getOrDefault("confidence", String.valueOf(d.confidence()))),
                    Double.parseDouble(values.getOrDefault("nms_iou", String.valueOf(d.nmsIou()))),
                    Double.parseDouble(values.getOrDefault("fps", String.valueOf(d.fps()))),
                    d.maxObjects());
            values.keySet().removeAll(Set.of("input_size", "confidence", "nms_iou", "fps", "threads", "format"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown key(s) " + values.keySet()
                        + " (known: model, format, classes, confidence, nms_iou, fps, input_size, threads)");
            }
            SharedDetectors.inspect(s);
            return s;
        } catch (DetectorException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + " is not a number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** The model's file with the {@code format}, {@code input_size} and {@code threads} given. */
    private static ModelSettings model(ModelSettings m, Map<String, String> values) {
        int size = Integer.parseInt(values.getOrDefault("input_size", "0"));
        return new ModelSettings(
                m.file(),
                values.getOrDefault("format", m.format()),
                size,
                size,
                m.pixelFormat(),
                m.range(),
                m.mean(),
                m.std(),
                m.resize(),
                m.classNames(),
                Integer.parseInt(values.getOrDefault("threads", String.valueOf(m.threads()))),
                m.workers(),
                m.batch());
    }
}
