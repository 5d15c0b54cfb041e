package io.faceembed.models.onnx;

/**
 * The weights of an 8-bit conv in QDQ form: int8, symmetric per output channel, and an int32 bias whose step is
 * the input's step times the channel's weight step, as ONNX Runtime's integer conv kernels (QLinearConv) take them.
 */
public final class QdqWeights {

    private QdqWeights() {
    }

    /**
     * Conv of {@code dequantizedInput} (the output of a DequantizeLinear whose step is {@code inputScale}) with
     * {@code weights} (ONNX layout [out, in/group, kh, kw]) and {@code bias}, both quantized here. Returns the float
     * output, which the caller quantizes again.
     */
    public static String conv(OnnxGraphBuilder g, String dequantizedInput, float inputScale, float[] weights,
                              long[] weightDims, float[] bias, int stride, int[] pads, int group) {
        int out = (int) weightDims[0];
        int perChannel = weights.length / out;
        float[] weightScales = new float[out];
        float[] biasScales = new float[out];
        byte[] q = new byte[weights.length];
        int[] qBias = new int[out];
        for (int c = 0; c < out; c++) {
            float max = 0;
            for (int k = 0; k < perChannel; k++) {
                max = Math.max(max, Math.abs(weights[c * perChannel + k]));
            }
            weightScales[c] = max > 0 ? max / 127f : 1f;
            biasScales[c] = inputScale * weightScales[c];
            for (int k = 0; k < perChannel; k++) {
                q[c * perChannel + k] = (byte) Math.round(weights[c * perChannel + k] / weightScales[c]);
            }
            qBias[c] = Math.round(bias[c] / biasScales[c]);
        }
        String w = g.node("DequantizeLinear", new String[] {g.constantInt8("wq", q, weightDims),
                g.constant("w_scale", weightScales, out), g.constantInt8("w_zero", new byte[out], out)},
                OnnxAttr.integer("axis", 0));
        String b = g.node("DequantizeLinear", new String[] {g.constantInt32("bq", qBias, out),
                g.constant("b_scale", biasScales, out), g.constantInt32("b_zero", new int[out], out)},
                OnnxAttr.integer("axis", 0));
        return g.conv(dequantizedInput, w, b, stride, pads, group);
    }
}
