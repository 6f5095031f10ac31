package io.evex.runtime.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The models tests run: the real YOLOX-Nano beside the checkout ({@code ../shared/models}), and
 * models of other layouts and a classifier built once per test run from it by
 * {@code models/make_models.py} with Debian's python3-onnx (see the script for what each is).
 */
public final class TestModels {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Path built;

    private TestModels() {}

    /** The YOLOX-Nano test model, from the project root or a module's folder. */
    public static Path yolox() {
        Path fromModule = Path.of("../../shared/models/yolox_nano.onnx");
        return Files.isRegularFile(fromModule)
                ? fromModule
                : Path.of(System.getProperty("evex.root", "..")).resolve("../shared/models/yolox_nano.onnx");
    }

    /**
     * The folder holding yolov5.onnx, yolov8.onnx, end2end.onnx, nms.onnx, batched.onnx,
     * unknown.onnx and colours.onnx (a classifier: a picture's dominant channel as red, green, blue).
     */
    public static synchronized Path dir() throws Exception {
        if (built != null) {
            return built;
        }
        boolean ready = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import onnx, numpy")
                                .start()
                                .waitFor()
                        == 0;
        if (!ready && "true".equals(System.getenv("CI"))) {
            fail(
                    "layout tests build their models with /usr/bin/python3 and python3-onnx (apt-get install python3-onnx)");
        }
        assumeTrue(ready, "skipped: no python3-onnx for /usr/bin/python3");
        Path script = Files.createTempFile("evex-make-models", ".py");
        try (var in = TestModels.class.getResourceAsStream("/models/make_models.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path out = Files.createTempDirectory("evex-models");
        Process p = new ProcessBuilder(
                        PYTHON.toString(),
                        script.toString(),
                        yolox().toAbsolutePath().toString(),
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("make_models.py failed: " + said);
        }
        built = out;
        return out;
    }
}
