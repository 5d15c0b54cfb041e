package io.faceembed.inference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session for one model file, shared by all threads of an executor (OrtSession.run is
 * thread-safe). Every tensor and result of a call is closed before the call returns. On a GPU, concurrent calls
 * are merged into large batches ({@link BatchMerger}); on a CPU each call runs as it comes.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtSession session;
    private final String inputName;
    private final List<String> outputNames;
    private final Path file;
    private final String provider;
    private final BatchMerger merger;

    public OnnxModel(Path file, SessionOptionsFactory options) {
        this.file = file;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = options.create()) {
            this.session = env.createSession(file.toString(), opts);
            this.inputName = session.getInputNames().iterator().next();
            this.outputNames = new ArrayList<>(session.getOutputNames());
            this.provider = options.provider();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
        this.merger = options.mergeLimit() > 0
                ? new BatchMerger(String.valueOf(file.getFileName()), this::runNow, options.mergeLimit(), 2) : null;
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
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != input.length) {
            throw new IllegalArgumentException(file.getFileName() + ": input of " + input.length + " values does not"
                    + " have shape " + java.util.Arrays.toString(dims));
        }
        return merger != null ? merger.run(input, dims) : runNow(FloatBuffer.wrap(input), dims);
    }

    /** Model calls and items run so far when calls are merged (GPU), else {@code null}. */
    public BatchMerger merger() {
        return merger;
    }

    private Outputs runNow(FloatBuffer input, long[] dims) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, dims);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
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
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file.getFileName() + ": " + e.getMessage(), e);
        }
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
