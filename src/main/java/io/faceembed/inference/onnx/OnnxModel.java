package io.faceembed.inference.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session for one model file, shared by all threads of an executor (OrtSession.run is
 * thread-safe). Every tensor and result of a call is closed before the call returns. On a GPU, concurrent calls
 * are merged into large batches ({@link BatchMerger}); on a CPU each call runs as it comes, its input in the
 * calling thread's reused buffer ({@link ThreadInputBuffer}). A model opened with
 * {@link #withUint8Pixels} or {@link #resizingOnDevice} takes its pixel input as bytes
 * ({@link #run(byte[], long...)}).
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtSession session;
    private final String inputName;
    private final List<String> outputNames;
    private final Path file;
    private final String provider;
    private final boolean uint8Input;
    private final boolean resizesOnDevice;
    private final BatchMerger merger;

    /** What the session's input is fed. */
    private enum PixelInput { FLOATS, BYTES, CANVAS }

    public OnnxModel(Path file, SessionOptionsFactory options) {
        this(file, options, PixelInput.FLOATS);
    }

    private OnnxModel(Path file, SessionOptionsFactory options, PixelInput pixels) {
        this.file = file;
        this.uint8Input = pixels != PixelInput.FLOATS;
        this.resizesOnDevice = pixels == PixelInput.CANVAS;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = options.create()) {
            this.session = switch (pixels) {
                case FLOATS -> env.createSession(file.toString(), opts);
                case BYTES -> env.createSession(Uint8Input.rewrite(Files.readAllBytes(file), file.toString()), opts);
                case CANVAS -> env.createSession(DeviceResize.rewrite(Files.readAllBytes(file), file.toString()),
                        opts);
            };
            this.inputName = session.getInputNames().iterator().next();
            this.outputNames = new ArrayList<>(session.getOutputNames());
            this.provider = options.provider();
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
        this.merger = options.mergeLimit() > 0
                ? new BatchMerger(String.valueOf(file.getFileName()), this::runMerged, options.mergeLimit(), 2) : null;
    }

    /**
     * The model of {@code file}, whose float input holds pixel values 0..255, fed 8-bit pixels instead: a quarter
     * of the bytes to copy to a GPU. Inputs rounded to whole values are what the network then sees.
     */
    public static OnnxModel withUint8Pixels(Path file, SessionOptionsFactory options) {
        return new OnnxModel(file, options, PixelInput.BYTES);
    }

    /**
     * The model of {@code file}, whose input is a square float image of pixel values 0..255, fed each image at
     * its own size as an 8-bit canvas and resized in the session ({@link DeviceResize}: the layout of the canvas).
     */
    public static OnnxModel resizingOnDevice(Path file, SessionOptionsFactory options) {
        return new OnnxModel(file, options, PixelInput.CANVAS);
    }

    /** Output values of one batch, in the model's output order, each flattened row-major. */
    public record Outputs(List<float[]> values, List<long[]> shapes) {

        public float[] get(int i) {
            return values.get(i);
        }

        public long[] shape(int i) {
            return shapes.get(i);
        }
    }

    /** Runs the model on {@code input} with shape {@code dims} (e.g. N,3,H,W). */
    public Outputs run(float[] input, long... dims) {
        return run(List.of(input), dims);
    }

    /**
     * Runs the model on {@code parts} one after another, together of shape {@code dims}: a batch given item by
     * item (e.g. N chips of 3,H,W each), which on a CPU is copied only into the call's input tensor.
     */
    public Outputs run(List<float[]> parts, long... dims) {
        if (uint8Input) {
            throw new IllegalStateException(file.getFileName() + " takes 8-bit pixels: run it on bytes");
        }
        checkShape(parts.stream().mapToLong(p -> p.length).sum(), dims);
        if (merger != null) {
            return merger.run(BatchMerger.Input.of(parts.size() == 1 ? parts.get(0) : concatenated(parts)), dims);
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                ThreadInputBuffer.holding(parts).asFloatBuffer(), dims)) {
            return run(tensor);
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private static float[] concatenated(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Runs a model opened {@link #withUint8Pixels} on pixel values 0..255 with shape {@code dims}. */
    public Outputs run(byte[] input, long... dims) {
        if (!uint8Input) {
            throw new IllegalStateException(file.getFileName() + " takes float input, not bytes");
        }
        checkShape(input.length, dims);
        if (merger != null) {
            return merger.run(BatchMerger.Input.of(input), dims);
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                ThreadInputBuffer.holding(input), dims, OnnxJavaType.UINT8)) {
            return run(tensor);
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    /** Whether the model takes 8-bit pixels ({@link #withUint8Pixels} or {@link #resizingOnDevice}). */
    public boolean takesUint8() {
        return uint8Input;
    }

    /** Whether the model takes canvases and resizes them itself ({@link #resizingOnDevice}). */
    public boolean resizesOnDevice() {
        return resizesOnDevice;
    }

    private void checkShape(long values, long[] dims) {
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != values) {
            throw new IllegalArgumentException(file.getFileName() + ": input of " + values + " values does not"
                    + " have shape " + java.util.Arrays.toString(dims));
        }
    }

    /** A merged batch, in a direct buffer in native byte order: the tensor uses its memory without a copy. */
    private Outputs runMerged(ByteBuffer input, long[] dims) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = uint8Input ? OnnxTensor.createTensor(env, input, dims, OnnxJavaType.UINT8)
                : OnnxTensor.createTensor(env, input.asFloatBuffer(), dims)) {
            return run(tensor);
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private Outputs run(OnnxTensor tensor) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            List<float[]> values = new ArrayList<>(outputNames.size());
            List<long[]> shapes = new ArrayList<>(outputNames.size());
            for (int i = 0; i < outputNames.size(); i++) {
                OnnxTensor out = (OnnxTensor) result.get(i);
                FloatBuffer buf = out.getFloatBuffer();
                float[] arr = new float[buf.remaining()];
                buf.get(arr);
                values.add(arr);
                shapes.add(out.getInfo().getShape());
            }
            return new Outputs(values, shapes);
        }
    }

    private IllegalStateException failed(OrtException e) {
        return new IllegalStateException("ONNX Runtime failed on " + file.getFileName() + ": " + e.getMessage(), e);
    }

    /**
     * On a GPU, runs every batch size the merger pads to once, so the session has planned them all (the first run
     * of a shape costs far more than the next); returns the milliseconds per batch size, empty on a CPU or for a
     * model whose item shape is not fixed.
     */
    public Map<Integer, Double> warmUp() {
        long[] shape = inputShape();
        long[] item = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        if (merger == null || java.util.Arrays.stream(item).anyMatch(d -> d < 1)) {
            return Map.of();
        }
        return merger.warmUp(item, uint8Input);
    }

    /** The declared shape of the model's input; a dynamic dimension reads as -1. */
    public long[] inputShape() {
        try {
            return ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the input shape of " + file + ": " + e.getMessage(), e);
        }
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** The execution provider this session runs on (CPU, CUDA, ...). */
    public String provider() {
        return provider;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (merger != null) {
            merger.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session for " + file, e);
        }
    }
}
