package io.faceembed.models.onnx;

/**
 * QuantizeLinear / DequantizeLinear pairs for activations whose ranges were calibrated ({@link ActivationRange}),
 * and 8-bit convs on them. Each consumer gets its own DequantizeLinear, as ONNX Runtime's QDQ fusions expect.
 */
public final class CalibratedQdq {

    /** A uint8 activation in the graph and the constants that map it back to float. */
    public record Quantized(String uint8, String scale, String zeroPoint, float step) {
    }

    private final OnnxGraphBuilder g;

    public CalibratedQdq(OnnxGraphBuilder g) {
        this.g = g;
    }

    public Quantized quantize(String value, ActivationRange range) {
        String scale = g.scalar("act_scale", range.scale());
        String zero = g.constantUint8("act_zero", new byte[] {(byte) range.zeroPoint()});
        return new Quantized(g.node("QuantizeLinear", new String[] {value, scale, zero}), scale, zero, range.scale());
    }

    /** {@code value} quantized exactly as {@code like} is (for a max pool, whose output keeps its input's range). */
    public Quantized quantizeLike(String value, Quantized like) {
        return new Quantized(g.node("QuantizeLinear", new String[] {value, like.scale(), like.zeroPoint()}),
                like.scale(), like.zeroPoint(), like.step());
    }

    /** {@code q} padded with its zero point (so with zeros), as uint8. */
    public Quantized pad(Quantized q, long[] pads) {
        String padded = g.node("Pad", new String[] {q.uint8(), g.constantInt64("pads", pads, pads.length),
                q.zeroPoint()});
        return new Quantized(padded, q.scale(), q.zeroPoint(), q.step());
    }

    public String dequantize(Quantized q) {
        return g.node("DequantizeLinear", new String[] {q.uint8(), q.scale(), q.zeroPoint()});
    }

    /** An 8-bit conv of {@code input}; returns the float output, for the caller to quantize. */
    public String conv(Quantized input, float[] weights, long[] weightDims, float[] bias, int stride, int[] pads,
                       int group) {
        return QdqWeights.conv(g, dequantize(input), input.step(), weights, weightDims, bias, stride, pads, group);
    }
}
