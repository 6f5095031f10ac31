package io.evex.runtime.analysis.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * YOLOX-Nano on real photographs (Debian's python3-skimage ships them): what it must find and what
 * it must not. The model is the test model beside the project ({@code ../shared/models}); without it
 * these tests fail on CI and are skipped elsewhere, with the reason.
 */
class OnnxDetectorTest {

    static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    @BeforeAll
    static void needsModelAndPhotos() {
        boolean ready = Files.isRegularFile(model()) && Files.isDirectory(PHOTOS);
        if (!ready && "true".equals(System.getenv("CI"))) {
            fail("detector tests need " + model().toAbsolutePath() + " and " + PHOTOS
                    + " (apt-get install python3-skimage)");
        }
        assumeTrue(ready, "skipped: no " + model().toAbsolutePath() + " or no " + PHOTOS + " (python3-skimage)");
    }

    static Path model() {
        return io.evex.runtime.testing.TestModels.yolox();
    }

    /** A photo scaled (nearest) so its longer side is the model's input, as the channel's scaler would. */
    static BgrImage photo(String name, int side) throws Exception {
        BufferedImage img = ImageIO.read(PHOTOS.resolve(name).toFile());
        double r = Math.min((double) side / img.getWidth(), (double) side / img.getHeight());
        int w = (int) Math.round(img.getWidth() * r);
        int h = (int) Math.round(img.getHeight() * r);
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(
                        Math.min(img.getWidth() - 1, (int) (x / r)), Math.min(img.getHeight() - 1, (int) (y / r)));
                int o = (y * w + x) * 3;
                bgr[o] = (byte) rgb;
                bgr[o + 1] = (byte) (rgb >> 8);
                bgr[o + 2] = (byte) (rgb >> 16);
            }
        }
        return new BgrImage(bgr, w, h);
    }

    private static List<Detection> detect(String photo) throws Exception {
        try (OnnxDetector d = new OnnxDetector(DetectorSettings.of(model()))) {
            return d.detect(photo(photo, 416));
        }
    }

    @Test
    void findsTheAstronautWhereSheIs() throws Exception {
        List<Detection> found = detect("astronaut.png");
        Detection person = found.stream()
                .filter(d -> d.label().equals("person"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no person in astronaut.png: " + found));
        assertTrue(person.confidence() > 0.7, person.toString());
        // She fills the left and middle of the picture, from near the top to the bottom edge.
        assertTrue(person.l() < 0.2 && person.l() + person.w() > 0.6, person.toString());
        assertTrue(person.t() < 0.2 && person.t() + person.h() > 0.9, person.toString());
    }

    @Test
    void findsTheMotorcycle() throws Exception {
        List<Detection> found = detect("motorcycle_left.png");
        assertTrue(
                found.stream().anyMatch(d -> d.label().equals("motorcycle") && d.confidence() > 0.5), found.toString());
    }

    @Test
    void seesNoPersonInACupOfCoffee() throws Exception {
        List<Detection> found = detect("coffee.png");
        assertFalse(found.stream().anyMatch(d -> d.label().equals("person")), found.toString());
    }

    @Test
    void classesOfInterestFilterAndBadModelsAreRefusedClearly() throws Exception {
        DetectorSettings cars = DetectorSettings.of(model()).with(Set.of("car"), 0.4, 1);
        try (OnnxDetector d = new OnnxDetector(cars)) {
            assertEquals(List.of(), d.detect(photo("astronaut.png", 416)), "no car in the picture, person not asked");
        }
        DetectorException missing = assertThrows(
                DetectorException.class, () -> new OnnxDetector(DetectorSettings.of(Path.of("nowhere.onnx"))));
        assertTrue(missing.getMessage().contains("nowhere.onnx does not exist"), missing.getMessage());
        Path notAModel = Files.createTempFile("evex", ".onnx");
        Files.writeString(notAModel, "not a model");
        DetectorException bad =
                assertThrows(DetectorException.class, () -> new OnnxDetector(DetectorSettings.of(notAModel)));
        assertTrue(bad.getMessage().startsWith("cannot load " + notAModel), bad.getMessage());
        DetectorException unknown = assertThrows(
                DetectorException.class,
                () -> new OnnxDetector(DetectorSettings.of(model()).with(Set.of("unicorn"), 0.4, 1)));
        assertTrue(unknown.getMessage().contains("no class 'unicorn'"), unknown.getMessage());
    }

    @Test
    void aRealTimeChannelSkipsFramesOfferedWhileItsDetectionRunsAndGetsTheResultOnTheFrameAnalysed() throws Exception {
        BgrImage astronaut = photo("astronaut.png", 416);
        DetectorSettings settings = DetectorSettings.of(model());
        try (DetectorWorker worker =
                new DetectorWorker(SharedDetectors.acquire(settings, "cam"), settings, "cam", false)) {
            io.evex.runtime.analysis.ObjectSource.Found found = null;
            long offered = 0;
            long deadline = System.currentTimeMillis() + 10_000;
            while (found == null && System.currentTimeMillis() < deadline) {
                offered++;
                found = worker.next(new PhotoFrame(offered, astronaut)); // far faster than ~10 ms a detection
            }
            assertTrue(found != null, "a detection finished");
            assertTrue(found.frame().frameId() < offered, "reported on the frame it analysed, not the current one");
            assertTrue(found.objects().stream().anyMatch(d -> d.label().equals("person")), found.toString());
            java.util.Map<String, Number> counters = worker.counters();
            assertTrue(counters.get("skipped_frames").longValue() > 0, counters.toString());
            long submitted = offered - counters.get("skipped_frames").longValue();
            long done = counters.get("detections").longValue();
            assertTrue(
                    submitted == done || submitted == done + 1,
                    "every offered frame was detected or skipped (one may still be running): " + offered + " offered, "
                            + counters);
        }
        assertTrue(SharedDetectors.open().isEmpty(), "the last channel to let go closes the session");
    }

    @Test
    void aChannelReadFasterThanRealTimeWaitsSoEveryFrameOfferedIsDetectedOnItself() throws Exception {
        BgrImage astronaut = photo("astronaut.png", 416);
        DetectorSettings settings = DetectorSettings.of(model());
        try (DetectorWorker worker =
                new DetectorWorker(SharedDetectors.acquire(settings, "file"), settings, "file", true)) {
            for (long frame = 1; frame <= 20; frame++) {
                io.evex.runtime.analysis.ObjectSource.Found found = worker.next(new PhotoFrame(frame, astronaut));
                assertEquals(frame, found.frame().frameId(), "the result of the frame offered");
                assertTrue(found.objects().stream().anyMatch(d -> d.label().equals("person")), found.toString());
            }
            assertEquals(
                    20L,
                    worker.counters().get("detections").longValue(),
                    worker.counters().toString());
            assertEquals(0L, worker.counters().get("skipped_frames").longValue());
        }
    }

    /** A frame whose colour pixels are a photograph already at the model's size. */
    private record PhotoFrame(long frameId, BgrImage image) implements io.evex.runtime.analysis.AnalysisFrame {
        @Override
        public String channel() {
            return "cam";
        }

        @Override
        public long ptsMicros() {
            return frameId * 40_000;
        }

        @Override
        public long epochMillis() {
            return 0;
        }

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public int height() {
            return image.height();
        }

        @Override
        public io.evex.runtime.analysis.GreyImage grey(int width) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BgrImage bgr(int width, int height) {
            return image;
        }
    }
}
