package io.faceembed.inference.adapters;

import java.util.Arrays;

/** Where the channel axis of an image model's 4-D input lies, read from the model's declared input shape. */
public enum TensorLayout {
    /** [N, 3, H, W]: PyTorch and InsightFace exports. */
    NCHW,
    /** [N, H, W, 3]: Keras exports through tf2onnx. */
    NHWC;

    public static TensorLayout of(long[] inputShape, String model) {
        if (inputShape.length == 4 && inputShape[1] == 3) {
            return NCHW;
        }
        if (inputShape.length == 4 && inputShape[3] == 3) {
            return NHWC;
        }
        throw new IllegalArgumentException("model " + model + " has input shape " + Arrays.toString(inputShape)
                + "; expected [N,3,H,W] or [N,H,W,3]");
    }

    /** Input height of {@code inputShape} in this layout, or -1 when it is dynamic. */
    public long height(long[] inputShape) {
        return this == NCHW ? inputShape[2] : inputShape[1];
    }

    public long width(long[] inputShape) {
        return this == NCHW ? inputShape[3] : inputShape[2];
    }

    public long[] dims(int batch, int height, int width) {
        return this == NCHW ? new long[] {batch, 3, height, width} : new long[] {batch, height, width, 3};
    }
}
