package io.faceembed.models.tfjs;

import java.util.Arrays;

/** A dequantized TensorFlow.js weight: float values in TF's own layout (row-major over {@code shape}). */
public record WeightTensor(String name, int[] shape, float[] values) {

    public WeightTensor {
        long expected = 1;
        for (int d : shape) {
            expected *= d;
        }
        if (expected != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + expected
                    + " values, got " + values.length);
        }
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }
}
