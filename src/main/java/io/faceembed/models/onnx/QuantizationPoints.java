package io.faceembed.models.onnx;

import io.faceembed.models.onnx.CalibratedQdq.Quantized;
import java.util.List;

/**
 * The points where an 8-bit net's activations are quantized, for a converter that builds one net in three forms:
 * the float graph (nothing happens at a point), the calibration graph (each point's value is also an output
 * {@value #OUTPUT_PREFIX}{@code <i>}, for measuring its range) and the 8-bit graph (the value is quantized to its
 * calibrated range). Points are numbered in the order the converter reaches them.
 */
public final class QuantizationPoints {

    public static final String OUTPUT_PREFIX = "activation_";

    private final OnnxGraphBuilder g;
    private final boolean calibrating;
    /** Null unless the graph is in 8 bits. */
    private final List<ActivationRange> ranges;
    private final CalibratedQdq qdq;
    private int reached;

    private QuantizationPoints(OnnxGraphBuilder g, boolean calibrating, List<ActivationRange> ranges) {
        this.g = g;
        this.calibrating = calibrating;
        this.ranges = ranges == null ? null : List.copyOf(ranges);
        this.qdq = new CalibratedQdq(g);
    }

    public static QuantizationPoints floatGraph(OnnxGraphBuilder g) {
        return new QuantizationPoints(g, false, null);
    }

    public static QuantizationPoints calibrationGraph(OnnxGraphBuilder g) {
        return new QuantizationPoints(g, true, null);
    }

    /** The 8-bit graph of a net with {@code expected} points, one range each, in point order. */
    public static QuantizationPoints int8Graph(OnnxGraphBuilder g, List<ActivationRange> ranges, int expected,
                                               String net) {
        if (ranges.size() != expected) {
            throw new IllegalArgumentException(net + " has " + expected + " activations to quantize, "
                    + ranges.size() + " ranges were given");
        }
        return new QuantizationPoints(g, false, ranges);
    }

    /**
     * The next point, on {@code value} of shape [N, {@code channels}, {@code size}, {@code size}]: its uint8 form in
     * the 8-bit graph, else {@code null}.
     */
    public Quantized at(String value, int channels, int size) {
        int index = reached++;
        if (calibrating) {
            g.output(value, OUTPUT_PREFIX + index, -1, channels, size, size);
        }
        return ranges == null ? null : qdq.quantize(value, ranges.get(index));
    }

    /** Fails unless exactly {@code expected} points were reached: the converter and its ranges agree. */
    public void checkReached(int expected) {
        if (reached != expected) {
            throw new IllegalStateException("the graph has " + reached + " quantization points, not " + expected);
        }
    }

    /** The form's title suffix for the model's description. */
    public String formNote() {
        return ranges != null ? " in 8 bits (QDQ, calibrated activations)" : "";
    }

    /** The QDQ helper of this graph (dequantizing, padding, 8-bit convs). */
    public CalibratedQdq qdq() {
        return qdq;
    }
}
