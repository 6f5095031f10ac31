package io.evex.runtime.analysis.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model on ONNX Runtime (CPU): the session, what its input wants (size, batch, layout) and
 * what its outputs and metadata are. One session serves many callers at once ({@code run} is
 * thread-safe in ONNX Runtime). A second integer input of two values per picture (D-FINE's
 * {@code orig_target_sizes}) is given the input's own size, so boxes come back in input pixels.
 */
public final class OnnxModel implements AutoCloseable {

    /** An output as the model declares it: name and shape (-1 where the model leaves a size open). */
    public record Output(String name, long[] shape, boolean integer) {
        @Override
        public String toString() {
            return name + " " + Arrays.toString(shape);
        }
    }

    /** One run's outputs, each as flat floats with its actual shape, in declaration order. */
    public record Result(float[][] data, long[][] shapes) {}

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final ModelSettings settings;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final String sizesInput;
    private final List<Output> outputs = new ArrayList<>();
    private final Map<String, String> metadata;

    /** @throws DetectorException when the file is missing, does not load, or has no picture input */
    public OnnxModel(ModelSettings settings) throws DetectorException {
        this.settings = settings;
        if (!Files.isRegularFile(settings.file())) {
            throw new DetectorException("model file " + settings.file() + " does not exist");
        }
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(settings.threads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // ONNX Runtime's own warnings (a declared shape it then sees otherwise) would flood the log per run
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = ENV.createSession(settings.file().toString(), options);
            this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            String picture = null;
            long[] shape = null;
            String sizes = null;
            for (NodeInfo in : session.getInputInfo().values()) {
                if (!(in.getInfo() instanceof TensorInfo t)) {
                    continue;
                }
                long[] s = t.getShape();
                if (picture == null && t.type == OnnxJavaType.FLOAT && s.length == 4) {
                    picture = in.getName();
                    shape = s;
                } else if (t.type == OnnxJavaType.INT64 && s.length == 2 && s[1] == 2) {
                    sizes = in.getName();
                }
            }
            if (picture == null) {
                String found = session.getInputInfo().values().stream()
                        .map(OnnxModel::describe)
                        .toList()
                        .toString();
                close();
                throw new DetectorException(
                        settings.file().getFileName() + " has no float picture input of 4 dimensions"
                                + " ([1, 3, H, W] or [1, H, W, 3]); its inputs: " + found);
            }
            if (session.getInputInfo().size() > (sizes == null ? 1 : 2)) {
                close();
                throw new DetectorException(
                        settings.file().getFileName() + " needs more inputs than a picture (and its size): "
                                + session.getInputInfo().keySet());
            }
            this.inputName = picture;
            this.inputShape = shape;
            this.sizesInput = sizes;
            for (NodeInfo out : session.getOutputInfo().values()) {
                if (out.getInfo() instanceof TensorInfo t) {
                    outputs.add(new Output(out.getName(), t.getShape(), t.type != OnnxJavaType.FLOAT));
                }
            }
        } catch (OrtException e) {
            throw new DetectorException("cannot load " + settings.file() + " with ONNX Runtime: " + e.getMessage());
        }
    }

    private static String describe(NodeInfo n) {
        return n.getInfo() instanceof TensorInfo t
                ? n.getName() + " " + Arrays.toString(t.getShape()) + " " + t.type
                : n.getName() + " " + n.getInfo();
    }

    public ModelSettings settings() {
        return settings;
    }

    /** The model's own metadata (Ultralytics writes {@code names}, {@code imgsz}, {@code stride}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public List<Output> outputs() {
        return List.copyOf(outputs);
    }

    /** The picture input's declared shape (-1 for open sizes). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Whether the picture input is {@code [N, H, W, 3]} rather than {@code [N, 3, H, W]}. */
    public boolean nhwc() {
        return inputShape[3] == 3 && inputShape[1] != 3;
    }

    /**
     * The input's width and height: the model's fixed sizes, else the ones set ({@code width},
     * {@code height}; 0 = not set), else {@code hint} (width, height, or null), else {@code
     * fallback} square; a size set against a fixed one is refused.
     */
    public int[] inputSize(int width, int height, int[] hint, int fallback) throws DetectorException {
        long h = nhwc() ? inputShape[1] : inputShape[2];
        long w = nhwc() ? inputShape[2] : inputShape[3];
        int sw = width > 0 ? width : w > 0 ? (int) w : hint != null ? hint[0] : fallback;
        int sh = height > 0 ? height : width > 0 ? width : h > 0 ? (int) h : hint != null ? hint[1] : sw;
        if ((w > 0 && w != sw) || (h > 0 && h != sh)) {
            throw new DetectorException(settings.file().getFileName() + " takes " + w + "x" + h
                    + " pictures; input_size " + sw + "x" + sh + " does not fit it (leave input_size out)");
        }
        return new int[] {sw, sh};
    }

    /** Whether the model takes more than one picture per run (an open first dimension). */
    public boolean batches() {
        return inputShape[0] < 0;
    }

    /**
     * Runs {@code n} pictures of {@code width x height} laid out in {@code input} (direct, native
     * order, exactly {@code n} pictures long).
     */
    public Result run(FloatBuffer input, int n, int width, int height) throws DetectorException {
        long[] shape = nhwc() ? new long[] {n, height, width, 3} : new long[] {n, 3, height, width};
        Map<String, OnnxTensor> feed = new HashMap<>(2);
        try {
            feed.put(inputName, OnnxTensor.createTensor(ENV, input, shape));
            if (sizesInput != null) {
                long[] sizes = new long[2 * n];
                for (int i = 0; i < n; i++) {
                    sizes[2 * i] = width;
                    sizes[2 * i + 1] = height;
                }
                feed.put(sizesInput, OnnxTensor.createTensor(ENV, LongBuffer.wrap(sizes), new long[] {n, 2}));
            }
            try (OrtSession.Result result = session.run(feed)) {
                float[][] data = new float[outputs.size()][];
                long[][] shapes = new long[outputs.size()][];
                for (int i = 0; i < outputs.size(); i++) {
                    OnnxValue v = result.get(i);
                    if (!(v instanceof OnnxTensor t)) {
                        throw new DetectorException("output " + outputs.get(i).name() + " is not a tensor");
                    }
                    shapes[i] = t.getInfo().getShape();
                    data[i] = floats(t);
                }
                return new Result(data, shapes);
            }
        } catch (OrtException e) {
            throw new DetectorException("the model's run failed: " + e.getMessage());
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] floats(OnnxTensor t) throws DetectorException {
        switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer(); // ONNX Runtime's copy, on the heap: used as it is
                if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
                    return b.array();
                }
                float[] a = new float[b.remaining()];
                b.get(a);
                return a;
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                float[] a = new float[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i);
                }
                return a;
            }
            case INT32 -> {
                java.nio.IntBuffer b = t.getIntBuffer();
                float[] a = new float[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i);
                }
                return a;
            }
            default -> throw new DetectorException("an output of type " + t.getInfo().type + " is not read");
        }
    }

    /** A direct, native-order buffer for {@code floats} input values, as {@link #run} takes them. */
    public static FloatBuffer buffer(int floats) {
        return ByteBuffer.allocateDirect(floats * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to free
        }
    }
}
