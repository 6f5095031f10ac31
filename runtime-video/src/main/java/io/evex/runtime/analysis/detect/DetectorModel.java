package io.evex.runtime.analysis.detect;

import io.evex.runtime.analysis.Detection;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A detector model as users bring it: the ONNX session, its output layout (recognised after one
 * run on a grey picture, or as {@code format} says), what its input wants and its class names, each
 * read from the model where it says and else from the layout's habits:
 * YOLOX takes BGR 0..255 letterboxed top-left; Ultralytics models RGB 0..1 letterboxed centred;
 * end-to-end models RGB 0..1 stretched. Thread-safe: channels share one.
 */
public final class DetectorModel implements AutoCloseable {

    private final OnnxModel model;
    private final DetectionLayout layout;
    private final ModelInput input;
    private final List<String> names;
    private final int batch;

    /** @throws DetectorException naming the file and what does not fit */
    public DetectorModel(ModelSettings s) throws DetectorException {
        this.model = new OnnxModel(s);
        try {
            Map<String, String> meta = model.metadata();
            int[] size = model.inputSize(s.width(), s.height(), metaSize(meta.get("imgsz")), 640);
            ModelInput probeInput =
                    new ModelInput(size[0], size[1], model.nhwc(), false, 255, null, null, ModelInput.Resize.STRETCH);
            FloatBuffer probe = OnnxModel.buffer(probeInput.size());
            OnnxModel.Result r = model.run(probe, 1, size[0], size[1]);
            List<String> outputNames =
                    model.outputs().stream().map(OnnxModel.Output::name).toList();
            ModelFormat forced = s.format().equals("auto") ? null : ModelFormat.parse(s.format());
            this.layout = DetectionLayout.recognise(
                    forced,
                    outputNames,
                    r.shapes(),
                    size[0],
                    size[1],
                    s.file().getFileName().toString());
            this.input = input(s, layout.format(), size, model.nhwc());
            this.names = names(s, meta, layout.classes());
            this.batch = model.batches() ? Math.max(1, s.batch()) : 1;
        } catch (DetectorException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Ultralytics' {@code imgsz}: {@code [640, 640]} (height, width). */
    private static int[] metaSize(String v) {
        if (v == null) {
            return null;
        }
        String[] parts = v.replaceAll("[\\[\\]\\s]", "").split(",");
        try {
            int h = Integer.parseInt(parts[0]);
            int w = parts.length > 1 ? Integer.parseInt(parts[1]) : h;
            return new int[] {w, h};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ModelInput input(ModelSettings s, ModelFormat format, int[] size, boolean nhwc) {
        boolean yolox = format == ModelFormat.YOLOX;
        boolean rgb = s.pixelFormat().equals("auto") ? !yolox : s.pixelFormat().equals("rgb");
        double range = s.range() != 0 ? s.range() : yolox ? 255 : 1;
        String resize = !s.resize().equals("auto")
                ? s.resize()
                : yolox ? "letterbox-top-left" : format == ModelFormat.END2END ? "stretch" : "letterbox";
        return new ModelInput(
                size[0], size[1], nhwc, rgb, range, s.meanOrNull(), s.stdOrNull(), ModelInput.Resize.parse(resize));
    }

    /** The configured names, else the metadata's, else COCO's for an 80-class (or label-only) model. */
    private static List<String> names(ModelSettings s, Map<String, String> meta, int classes) throws DetectorException {
        if (!s.classNames().isEmpty()) {
            if (classes > 0 && s.classNames().size() != classes) {
                throw new DetectorException(s.file().getFileName() + " scores " + classes + " classes, but "
                        + s.classNames().size() + " class names are given");
            }
            return s.classNames();
        }
        List<String> fromModel = ModelNames.of(meta);
        if (!fromModel.isEmpty()) {
            return fromModel;
        }
        if (classes == 0 || classes == DetectorSettings.COCO.size()) {
            return DetectorSettings.COCO;
        }
        throw new DetectorException(s.file().getFileName() + " scores " + classes
                + " classes and names none in its metadata: list them (classes_file: names.txt, one per line)");
    }

    public ModelInput input() {
        return input;
    }

    public ModelFormat format() {
        return layout.format();
    }

    public List<String> classNames() {
        return names;
    }

    /** Most pictures in one run: 1 when the model's batch is fixed. */
    public int batch() {
        return batch;
    }

    public ModelSettings settings() {
        return model.settings();
    }

    /** Refuses settings asking for classes the model does not have. */
    public void check(DetectorSettings d) throws DetectorException {
        for (String c : d.classes()) {
            if (!names.contains(c)) {
                throw new DetectorException(model.settings().file().getFileName() + " has no class '" + c
                        + "' (its classes: " + String.join(", ", names.subList(0, Math.min(12, names.size())))
                        + (names.size() > 12 ? ", ..." : "") + ")");
            }
        }
    }

    /** Runs {@code n} pictures laid out in {@code tensor} by {@link ModelInput#fill}. */
    OnnxModel.Result run(FloatBuffer tensor, int n) throws DetectorException {
        return model.run(tensor, n, input.width(), input.height());
    }

    /**
     * The objects of picture {@code index} of a run, for one channel's settings: scored at least
     * {@code confidence}, of the classes asked for, overlaps of a class merged, normalised to the
     * picture that was placed at {@code p}.
     */
    List<Detection> objects(OnnxModel.Result r, int index, ModelInput.Placement p, DetectorSettings d, BoxList boxes) {
        layout.candidates(r, index, (float) d.confidence(), boxes);
        Set<String> wanted = d.classes();
        Integer[] order = boxes.byScore();
        List<Integer> kept = new ArrayList<>();
        List<Detection> found = new ArrayList<>();
        for (int b : order) {
            int cls = (int) boxes.get(b, 5);
            String label = cls >= 0 && cls < names.size() ? names.get(cls) : "class-" + cls;
            if (!wanted.isEmpty() && !wanted.contains(label)) {
                continue;
            }
            boolean suppressed = false;
            for (int k : kept) {
                if ((int) boxes.get(k, 5) == cls && boxes.iou(k, b) > d.nmsIou()) {
                    suppressed = true;
                    break;
                }
            }
            if (suppressed) {
                continue;
            }
            kept.add(b);
            double l = clamp((boxes.get(b, 0) - p.x()) / p.width());
            double t = clamp((boxes.get(b, 1) - p.y()) / p.height());
            double r2 = clamp((boxes.get(b, 2) - p.x()) / p.width());
            double bottom = clamp((boxes.get(b, 3) - p.y()) / p.height());
            if (r2 > l && bottom > t) {
                found.add(new Detection(l, t, r2 - l, bottom - t, label, boxes.get(b, 4)));
            }
            if (found.size() >= d.maxObjects()) {
                break;
            }
        }
        return Collections.unmodifiableList(found);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** What the model is and how it is fed, for the start message and the status. */
    public String describe() {
        return model.settings().file().getFileName() + ": " + layout.format().key() + ", " + names.size()
                + " classes, input " + input.describe() + (batch > 1 ? ", batches of up to " + batch : "");
    }

    @Override
    public void close() {
        model.close();
    }
}
