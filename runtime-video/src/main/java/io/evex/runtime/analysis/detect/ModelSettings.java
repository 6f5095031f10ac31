package io.evex.runtime.analysis.detect;

import java.nio.file.Path;
import java.util.List;

/**
 * How to load and feed an ONNX model: what a shared session is keyed by, so channels that name the
 * same file with the same settings share one session and worker pool. Every "auto" value is read
 * from the model (its input shape, its metadata, its output layout) when it is opened.
 *
 * @param file the {@code .onnx} file
 * @param format the output layout: {@code auto}, or a {@link ModelFormat} name
 * @param width the input width in pixels; 0 = the model's (or 416 where the model leaves it open)
 * @param height the input height; 0 = as {@code width}, or the model's
 * @param pixelFormat {@code auto}, {@code rgb} or {@code bgr}
 * @param range what one pixel channel spans on input: 0 = auto, 1 (0..1) or 255 (0..255)
 * @param mean subtracted per channel (R, G, B order) after scaling to the range; empty = none
 * @param std divided by per channel after the mean; empty = none
 * @param resize {@code auto}, {@code letterbox} (aspect kept, centred on grey),
 *     {@code letterbox-top-left} (as YOLOX was trained) or {@code stretch}
 * @param classNames the classes in output order; empty = the model's metadata, else COCO's 80
 * @param threads ONNX Runtime's threads for one run
 * @param workers runs at once on the shared session (default: the machine's cores)
 * @param batch most frames of several channels in one run, when the model takes a batch; 0 (the
 *     default) and 1 = one frame per run: on the CPU a batch costs as much per frame and delays each
 *     channel's answer (bench/run --only detector)
 */
public record ModelSettings(
        Path file,
        String format,
        int width,
        int height,
        String pixelFormat,
        double range,
        List<Double> mean,
        List<Double> std,
        String resize,
        List<String> classNames,
        int threads,
        int workers,
        int batch) {

    public ModelSettings {
        file = file.toAbsolutePath().normalize();
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        classNames = List.copyOf(classNames);
        if (!format.equals("auto")) {
            ModelFormat.parse(format);
        }
        if (width < 0 || height < 0 || (width > 0 && width % 32 != 0) || (height > 0 && height % 32 != 0)) {
            throw new IllegalArgumentException(
                    "detector input_size must be a multiple of 32 (or [width, height], each one), got " + width + "x"
                            + height);
        }
        if (!List.of("auto", "rgb", "bgr").contains(pixelFormat)) {
            throw new IllegalArgumentException("detector input_pixel_format is rgb or bgr, not '" + pixelFormat + "'");
        }
        if (range != 0 && range != 1 && range != 255) {
            throw new IllegalArgumentException("detector input_range is 1 (0..1) or 255 (0..255), not " + range);
        }
        if ((!mean.isEmpty() && mean.size() != 3) || (!std.isEmpty() && std.size() != 3)) {
            throw new IllegalArgumentException("detector mean and std have three values (R, G, B)");
        }
        if (std.stream().anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("detector std values must be > 0");
        }
        if (!List.of("auto", "letterbox", "letterbox-top-left", "stretch").contains(resize)) {
            throw new IllegalArgumentException(
                    "detector resize is letterbox, letterbox-top-left or stretch, not '" + resize + "'");
        }
        if (threads < 1 || workers < 1 || batch < 0) {
            throw new IllegalArgumentException("detector: threads >= 1, workers >= 1, batch >= 0");
        }
    }

    /**
     * A model file with everything read from the model: one thread per run, as many runs at once as
     * the machine has cores (channels sharing the model keep every core busy), batching where it can.
     */
    public static ModelSettings of(Path file) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ModelSettings(file, "auto", 0, 0, "auto", 0, List.of(), List.of(), "auto", List.of(), 1, cores, 0);
    }

    /** {@code mean} as an array, or null when none is set. */
    public double[] meanOrNull() {
        return mean.isEmpty()
                ? null
                : mean.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code std} as an array, or null when none is set. */
    public double[] stdOrNull() {
        return std.isEmpty()
                ? null
                : std.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The same with another number of ONNX Runtime threads. */
    public ModelSettings withThreads(int n) {
        return new ModelSettings(
                file, format, width, height, pixelFormat, range, mean, std, resize, classNames, n, workers, batch);
    }

    /** The same with another batch setting. */
    public ModelSettings withBatch(int n) {
        return new ModelSettings(
                file, format, width, height, pixelFormat, range, mean, std, resize, classNames, threads, workers, n);
    }
}
