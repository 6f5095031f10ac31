package io.evex.runtime.analysis.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An ONNX detector's settings for one channel.
 *
 * @param model the model and how it is fed: channels with equal ones share a session
 * @param classes the classes reported; empty = all
 * @param confidence least score (objectness x class score, or the model's own) for a box to count
 * @param nmsIou overlap above which the weaker of two boxes of one class is dropped
 * @param fps detections per second at most (frames in between are not analysed)
 * @param maxObjects most boxes kept per frame, best first
 */
public record DetectorSettings(
        ModelSettings model, Set<String> classes, double confidence, double nmsIou, double fps, int maxObjects) {

    public DetectorSettings {
        classes = Set.copyOf(classes);
        if (confidence <= 0 || confidence >= 1 || nmsIou <= 0 || nmsIou > 1 || fps <= 0 || maxObjects < 1) {
            throw new IllegalArgumentException(
                    "detector: confidence in (0, 1), nms_iou in (0, 1], fps > 0, max_objects >= 1");
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

    /** A model file with every other setting at its default: read from the model, all classes, 0.4, NMS 0.45, 5 fps. */
    public static DetectorSettings of(Path model) {
        return new DetectorSettings(ModelSettings.of(model), Set.of(), 0.4, 0.45, 5, 100);
    }

    /** The same with other classes, confidence and model threads (the command line's options). */
    public DetectorSettings with(Set<String> wanted, double least, int threads) {
        return new DetectorSettings(model.withThreads(threads), wanted, least, nmsIou, fps, maxObjects);
    }
}
