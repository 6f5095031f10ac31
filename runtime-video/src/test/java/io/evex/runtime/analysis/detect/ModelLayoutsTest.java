package io.evex.runtime.analysis.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layouts users bring, each model made at test time by rewrapping YOLOX (so each must find the
 * astronaut where YOLOX does): recognised from their outputs, fed as their habits say (RGB 0..1,
 * centred letterbox, mean and std), their class names read from their metadata.
 */
class ModelLayoutsTest {

    static Path models;
    static BgrImage astronaut;
    static Detection reference;

    @BeforeAll
    static void build() throws Exception {
        new OnnxDetectorTest().getClass(); // the same model and photographs as the YOLOX tests
        OnnxDetectorTest.needsModelAndPhotos();
        models = TestModels.dir();
        astronaut = OnnxDetectorTest.photo("astronaut.png", 416);
        reference = person(detect(DetectorSettings.of(OnnxDetectorTest.model()), ModelFormat.YOLOX), "person");
    }

    private static List<Detection> detect(DetectorSettings settings, ModelFormat expected) throws Exception {
        try (OnnxDetector d = new OnnxDetector(settings)) {
            assertEquals(expected, d.model().format(), d.model().describe());
            return d.detect(astronaut);
        }
    }

    private static Detection person(List<Detection> found, String label) {
        return found.stream()
                .filter(d -> d.label().equals(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " found: " + found));
    }

    private static void samePlace(Detection d) {
        double[] a = {d.l(), d.t(), d.w(), d.h()};
        double[] b = {reference.l(), reference.t(), reference.w(), reference.h()};
        for (int i = 0; i < 4; i++) {
            assertEquals(b[i], a[i], 0.02, "where YOLOX found her: " + reference + ", here " + d);
        }
    }

    @Test
    void yolov5RowsWithObjectnessAreRecognisedAndFedRgbCentred() throws Exception {
        samePlace(person(detect(DetectorSettings.of(models.resolve("yolov5.onnx")), ModelFormat.YOLOV5), "person"));
    }

    @Test
    void yolov8ColumnsAreRecognisedAndTheirClassNamesComeFromTheMetadata() throws Exception {
        DetectorSettings settings = DetectorSettings.of(models.resolve("yolov8.onnx"));
        samePlace(person(detect(settings, ModelFormat.YOLOV8), "astronaut"));
        try (OnnxDetector d = new OnnxDetector(settings)) {
            assertEquals(80, d.model().classNames().size());
            assertTrue(
                    d.model().describe().contains("416x416 RGB 0..1, letterbox"),
                    d.model().describe());
        }
    }

    @Test
    void endToEndBoxesAndScoresNormalisedWithTheMeanAndStdSet() throws Exception {
        ModelSettings m = ModelSettings.of(models.resolve("end2end.onnx"));
        ModelSettings normalised = new ModelSettings(
                m.file(),
                "auto",
                0,
                0,
                "rgb",
                1,
                List.of(0.485, 0.456, 0.406),
                List.of(0.229, 0.224, 0.225),
                "letterbox",
                List.of(),
                1,
                1,
                0);
        samePlace(person(
                detect(new DetectorSettings(normalised, Set.of(), 0.4, 0.45, 5, 100), ModelFormat.END2END), "person"));
    }

    @Test
    void aModelWithNmsInsideAndTargetSizesGivesLabelledPixelBoxes() throws Exception {
        samePlace(person(detect(DetectorSettings.of(models.resolve("nms.onnx")), ModelFormat.END2END), "person"));
    }

    @Test
    void aModelOfNoKnownLayoutIsRefusedWithItsOutputsAndTheLayoutsExpected() throws Exception {
        DetectorException e = assertThrows(
                DetectorException.class, () -> new OnnxDetector(DetectorSettings.of(models.resolve("unknown.onnx"))));
        assertTrue(e.getMessage().startsWith("unknown.onnx: no detector layout fits its outputs"), e.getMessage());
        assertTrue(e.getMessage().contains("features [1, 3]"), e.getMessage());
        assertTrue(
                e.getMessage().contains("yolov8: [1, 4+C, N]") && e.getMessage().contains("format:"), e.getMessage());
        ModelSettings forced = ModelSettings.of(OnnxDetectorTest.model());
        forced = new ModelSettings(
                forced.file(), "yolov8", 0, 0, "auto", 0, List.of(), List.of(), "auto", List.of(), 1, 1, 0);
        DetectorSettings wrong = new DetectorSettings(forced, Set.of(), 0.4, 0.45, 5, 100);
        DetectorException notV8 = assertThrows(DetectorException.class, () -> new OnnxDetector(wrong));
        assertTrue(
                notV8.getMessage().contains("not in the yolov8 layout")
                        && notV8.getMessage().contains("output [1, 3549, 85]"),
                notV8.getMessage());
    }

    @Test
    void channelsNamingOneModelShareASessionAndItsRunsTakeSeveralOfTheirFrames() throws Exception {
        DetectorSettings settings = DetectorSettings.of(models.resolve("batched.onnx"));
        settings = new DetectorSettings(settings.model().withBatch(8), Set.of(), 0.4, 0.45, 5, 100);
        DetectorPool a = SharedDetectors.acquire(settings, "a");
        DetectorPool b = SharedDetectors.acquire(settings.with(Set.of("person"), 0.5, 1), "b");
        try {
            assertSame(a, b, "one session for the model, whatever each channel keeps of its boxes");
            assertEquals(8, a.model().batch(), a.model().describe());
            assertEquals(1, SharedDetectors.open().size());
            assertEquals(List.of("a", "b"), SharedDetectors.open().get(0).channels());
            List<CompletableFuture<List<Detection>>> asked = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                asked.add(a.submit(astronaut, settings));
            }
            for (CompletableFuture<List<Detection>> f : asked) {
                samePlace(person(f.get(), "person"));
            }
            double perRun = a.counters().get("pictures_per_run").doubleValue();
            assertTrue(perRun > 1, "frames waiting together go in one run: " + a.counters());
        } finally {
            SharedDetectors.release(a, "a");
            SharedDetectors.release(b, "b");
        }
        assertTrue(SharedDetectors.open().isEmpty());
        assertEquals(
                List.of(),
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("evex-detect-batched.onnx") && t.isAlive())
                        .map(Thread::getName)
                        .toList(),
                "every worker of the closed session has stopped");
    }

    @Test
    void theDetectorsPageNamesEveryLayoutAndItsSettings() throws Exception {
        String page = java.nio.file.Files.readString(Path.of("../docs/detectors.md"));
        for (ModelFormat f : ModelFormat.values()) {
            assertTrue(page.contains("| `" + f.key() + "`"), "docs/detectors.md has a row for " + f.key());
        }
        for (String key : List.of(
                "input_size",
                "input_pixel_format",
                "input_range",
                "mean",
                "std",
                "resize",
                "classes_file",
                "workers",
                "batch",
                "pictures_per_run")) {
            assertTrue(page.contains("`" + key + "`"), "docs/detectors.md explains " + key);
        }
    }
}
