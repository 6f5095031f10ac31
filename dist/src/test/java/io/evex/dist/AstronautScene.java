package io.evex.dist;

import io.evex.runtime.video.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The detector tests' scene: the real YOLOX model beside the checkout and scikit-image's astronaut
 * photograph, panned into a short video so a person moves through the picture.
 */
final class AstronautScene {

    private AstronautScene() {}

    static Path model() {
        Path root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
        return root.resolve("../shared/models/yolox_nano.onnx").normalize();
    }

    static Path photo() {
        return Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png");
    }

    /** Fails on CI (where .ci/run installs them) and skips elsewhere when the model or the photo is absent. */
    static void assumeReady() {
        boolean ready = Files.isRegularFile(model()) && Files.isRegularFile(photo());
        if (!ready && "true".equals(System.getenv("CI"))) {
            Assertions.fail("needs " + model() + " and " + photo() + " (apt-get install python3-skimage)");
        }
        Assumptions.assumeTrue(ready, "skipped: no " + model() + " or " + photo());
    }

    /** 3 s at 25 fps of the photo panned sideways, H.264, in {@code dir}. */
    static Path pannedVideo(Path dir) throws Exception {
        Path video = dir.resolve("astronaut.mp4");
        TestVideos.ffmpeg(
                "-loop",
                "1",
                "-i",
                photo().toString(),
                "-vf",
                "scale=640:640,crop=600:600:'t*10':0,format=yuv420p",
                "-t",
                "3",
                "-r",
                "25",
                "-c:v",
                "libx264",
                video.toString());
        return video;
    }
}
