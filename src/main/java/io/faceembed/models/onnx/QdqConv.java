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
        return QdqWeights.conv(g, dequantize(quantizedInput), RELU6_SCALE, weights, weightDims, bias, stride, pads,
                group);
    }
}
