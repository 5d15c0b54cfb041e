package io.faceembed.inference.adapters;

import io.faceembed.models.onnx.OnnxAttr;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny ONNX models with the real models' signatures and known weights, written by the tests themselves. */
public final class TestModels {

    private TestModels() {
    }

    /**
     * An embedder taking [N,3,S,S] or [N,S,S,3] whose output row j is f[j % 4] * (1 + j / 4), with f = (mean of
     * input channel 0, of channel 1, of channel 2, input value at channel 1, y 1, x 2), all on the model's input
     * values (after preprocessing).
     */
    public static Path embedder(Path dir, String file, TensorLayout layout, int size, int dimension) throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("test_embedder");
        String input = layout == TensorLayout.NCHW ? g.input("input", -1, 3, size, size)
                : g.input("input", -1, size, size, 3);
        String flat = g.node("Flatten", new String[] {input}, OnnxAttr.integer("axis", 1));
        int plane = size * size;
        float[] w1 = new float[3 * plane * 4];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                w1[index(layout, size, c, p) * 4 + c] = 1f / plane;
            }
        }
        w1[index(layout, size, 1, size + 2) * 4 + 3] = 1f;
        float[] w2 = new float[4 * dimension];
        for (int j = 0; j < dimension; j++) {
            w2[(j % 4) * dimension + j] = 1 + j / 4;
        }
        String features = g.matMul(flat, g.constant("w1", w1, 3L * plane, 4));
        g.output(g.matMul(features, g.constant("w2", w2, 4, dimension)), "embedding", -1, dimension);
        return write(dir, file, g.toBytes("faceembed-test", "embedder with known weights"));
    }

    private static int index(TensorLayout layout, int size, int channel, int pixel) {
        return layout == TensorLayout.NCHW ? channel * size * size + pixel : pixel * 3 + channel;
    }

    /** One output of a constant detector: name, rows, columns and values. */
    public record ConstantOutput(String name, int rows, int columns, float[] values) {
    }

    /**
     * A detector taking [1,3,size,size] whose outputs are constants (input * 0 averaged, plus the constant), in the
     * order given; {@code batchDim} adds a leading dimension of 1 to each output.
     */
    public static Path constantDetector(Path dir, String file, int size, boolean batchDim, ConstantOutput... outputs)
            throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("test_detector");
        String input = g.input("input.1", 1, 3, size, size);
        String zero = g.node("ReduceMean", new String[] {g.mul(input, g.scalar("zero", 0f))},
                OnnxAttr.integer("keepdims", 0));
        for (ConstantOutput o : outputs) {
            long[] dims = batchDim ? new long[] {1, o.rows, o.columns} : new long[] {o.rows, o.columns};
            g.output(g.add(zero, g.constant(o.name, o.values, dims)), o.name, dims);
        }
        return write(dir, file, g.toBytes("faceembed-test", "detector with constant outputs"));
    }

    private static Path write(Path dir, String file, byte[] bytes) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, bytes);
        return path;
    }
}
