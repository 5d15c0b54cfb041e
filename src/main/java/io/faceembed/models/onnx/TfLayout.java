package io.faceembed.models.onnx;

import io.faceembed.models.tfjs.WeightTensor;

/** Moves TensorFlow weights (HWIO filters, HWC1 depthwise filters) into ONNX's OIHW layout, and TF 'same' pads. */
public final class TfLayout {

    private TfLayout() {
    }

    /** TF conv filter [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
    public static float[] convFilter(WeightTensor w) {
        int kh = w.dim(0), kw = w.dim(1), in = w.dim(2), out = w.dim(3);
        float[] src = w.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return dst;
    }

    public static long[] convFilterDims(WeightTensor w) {
        return new long[] {w.dim(3), w.dim(2), w.dim(0), w.dim(1)};
    }

    /** TF depthwise filter [kh, kw, in, multiplier] -> ONNX grouped conv [in * multiplier, 1, kh, kw]. */
    public static float[] depthwiseFilter(WeightTensor w) {
        int kh = w.dim(0), kw = w.dim(1), in = w.dim(2), mult = w.dim(3);
        float[] src = w.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int m = 0; m < mult; m++) {
                        dst[((i * mult + m) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * mult + m];
                    }
                }
            }
        }
        return dst;
    }

    public static long[] depthwiseFilterDims(WeightTensor w) {
        return new long[] {(long) w.dim(2) * w.dim(3), 1, w.dim(0), w.dim(1)};
    }

    /**
     * TensorFlow 'same' padding for one spatial axis: total = max((ceil(in/stride) - 1) * stride + k - in, 0),
     * split with the extra cell at the end. Returns {before, after}.
     */
    public static int[] same(int in, int kernel, int stride) {
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** {top, left, bottom, right} for a square input and kernel. */
    public static int[] samePads(int size, int kernel, int stride) {
        int[] p = same(size, kernel, stride);
        return new int[] {p[0], p[0], p[1], p[1]};
    }

    public static final int[] VALID = {0, 0, 0, 0};

    /** Output size along one axis. */
    public static int outSize(int in, int kernel, int stride, boolean samePadding) {
        return samePadding ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    }
}
