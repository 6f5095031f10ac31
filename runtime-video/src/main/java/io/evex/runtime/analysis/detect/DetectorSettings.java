package io.evex.runtime.analysis.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An ONNX detector's settings.
 *
 * @param model the model file (YOLOX layout; users bring their own)
 * @param inputSize the model's square input side in pixels (416 for YOLOX-Nano/Tiny, 640 for S and up)
 * @param classNames the model's class names in output order (COCO's 80 by default)
 * @param classes the classes reported; empty = all
 * @param confidence least score (objectness x class) for a box to count
 * @param nmsIou overlap above which the weaker of two boxes of one class is dropped
 * @param fps detections per second at most (frames in between are not analysed)
 * @param threads ONNX Runtime's threads for one inference
 * @param maxObjects most boxes kept per frame, best first
 */
public record DetectorSettings(
        Path model,
        int inputSize,
        List<String> classNames,
        Set<String> classes,
        double confidence,
        double nmsIou,
        double fps,
        int threads,
        int maxObjects) {

    public DetectorSettings {
        classNames = List.copyOf(classNames);
        classes = Set.copyOf(classes);
        if (inputSize < 32 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("detector input_size must be a multiple of 32, got " + inputSize);
        }
        if (confidence <= 0
                || confidence >= 1
                || nmsIou <= 0
                || nmsIou > 1
                || fps <= 0
                || threads < 1
                || maxObjects < 1) {
            throw new IllegalArgumentException(
                    "detector: confidence in (0, 1), nms_iou in (0, 1], fps > 0, threads >= 1, max_objects >= 1");
        }
        for (String c : classes) {
            if (!classNames.contains(c)) {
                throw new IllegalArgumentException("detector: the model has no class '" + c + "' (classes: "
                        + String.join(", ", classNames.subList(0, Math.min(12, classNames.size()))) + ", ...)");
            }
        }
    }

    /** COCO's classes, as YOLOX models trained on COCO number them. */
    public static final List<String> COCO = List.of(
            "person",
            "bicycle",
            "car",
            "motorcycle",
            "airplane",
            "bus",
            "train",
            "truck",
            "boat",
            "traffic light",
            "fire hydrant",
            "stop sign",
            "parking meter",
            "bench",
            "bird",
            "cat",
            "dog",
            "horse",
            "sheep",
            "cow",
            "elephant",
            "bear",
            "zebra",
            "giraffe",
            "backpack",
            "umbrella",
            "handbag",
            "tie",
            "suitcase",
            "frisbee",
            "skis",
            "snowboard",
            "sports ball",
            "kite",
            "baseball bat",
            "baseball glove",
            "skateboard",
            "surfboard",
            "tennis racket",
            "bottle",
            "wine glass",
            "cup",
            "fork",
            "knife",
            "spoon",
            "bowl",
            "banana",
            "apple",
            "sandwich",
            "orange",
            "broccoli",
            "carrot",
            "hot dog",
            "pizza",
            "donut",
            "cake",
            "chair",
            "couch",
            "potted plant",
            "bed",
            "dining table",
            "toilet",
            "tv",
            "laptop",
            "mouse",
            "remote",
            "keyboard",
            "cell phone",
            "microwave",
            "oven",
            "toaster",
            "sink",
            "refrigerator",
            "book",
            "clock",
            "vase",
            "scissors",
            "teddy bear",
            "hair drier",
            "toothbrush");

    /** A model file with every other setting at its default: COCO classes, all reported, 0.4, NMS 0.45, 5 fps. */
    public static DetectorSettings of(Path model) {
        return new DetectorSettings(model, 416, COCO, Set.of(), 0.4, 0.45, 5, 1, 100);
    }
}
