package io.faceembed.models.convert;

import io.faceembed.models.convert.FaceLandmark68Converter.Value;
import io.faceembed.models.onnx.CalibratedQdq;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.onnx.TfLayout;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.models.tfjs.WeightTensor;
import java.util.function.UnaryOperator;

/**
 * face-api's dense blocks (faceFeatureExtractor/denseBlock.ts) as ONNX nodes, on NCHW values. Every value a conv
 * or a sum produces passes a quantization point ({@code points}): nothing in the float graph; in the 8-bit graph
 * the value is quantized there and the convs that read it run on uint8 activations and int8 weights.
 */
final class DenseBlocks {

    private final OnnxGraphBuilder g;
    private final TfjsWeights weights;
    private final UnaryOperator<Value> points;
    private final CalibratedQdq qdq;

    /** The float blocks. */
    DenseBlocks(OnnxGraphBuilder g, TfjsWeights weights) {
        this(g, weights, UnaryOperator.identity(), new CalibratedQdq(g));
    }

    /** Blocks whose values pass {@code points}, which may quantize them; {@code qdq} builds on what they make. */
    DenseBlocks(OnnxGraphBuilder g, TfjsWeights weights, UnaryOperator<Value> points, CalibratedQdq qdq) {
        this.g = g;
        this.weights = weights;
        this.points = points;
        this.qdq = qdq;
    }

    /**
     * Four convs, each fed the relu of the sum of all earlier outputs; the first one halves the size (a plain conv
     * in the net's first block, a separable one after). Sums keep face-api's order: out1 + (out2 + (out3 + out4)).
     */
    Value denseBlock4(Value x, String prefix, boolean firstLayer) {
        Value conv0 = firstLayer ? conv(x, prefix + "/conv0", 2) : separable(x, prefix + "/conv0", 2);
        Value out1 = points.apply(like(conv0, g.relu(conv0.name())));
        Value out2 = points.apply(separable(out1, prefix + "/conv1", 1));
        Value in3 = points.apply(like(out1, g.relu(g.add(floatValue(out1), floatValue(out2)))));
        Value out3 = points.apply(separable(in3, prefix + "/conv2", 1));
        Value sum23 = points.apply(like(out1, g.add(floatValue(out2), floatValue(out3))));
        Value in4 = points.apply(like(out1, g.relu(g.add(floatValue(out1), floatValue(sum23)))));
        Value out4 = points.apply(separable(in4, prefix + "/conv3", 1));
        Value sum34 = points.apply(like(out1, g.add(floatValue(out3), floatValue(out4))));
        Value sum234 = points.apply(like(out1, g.add(floatValue(out2), floatValue(sum34))));
        return points.apply(like(out1, g.relu(g.add(floatValue(out1), floatValue(sum234)))));
    }

    /** tf.conv2d(x, filters, stride, 'same') + bias. */
    Value conv(Value x, String prefix, int stride) {
        WeightTensor filters = weights.get(prefix + "/filters");
        WeightTensor bias = weights.get(prefix + "/bias");
        int k = filters.dim(0);
        int[] pads = TfLayout.samePads(x.size(), k, stride);
        float[] w = TfLayout.convFilter(filters);
        long[] dims = TfLayout.convFilterDims(filters);
        String out = x.quantized() != null ? qdq.conv(x.quantized(), w, dims, bias.values(), stride, pads, 1)
                : g.conv(x.name(), g.constant(prefix + "_w", w, dims),
                        g.constant(prefix + "_b", bias.values(), bias.dim(0)), stride, pads, 1);
        return new Value(out, filters.dim(3), TfLayout.outSize(x.size(), k, stride, true));
    }

    /**
     * tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias: a depthwise conv carrying the stride and
     * the 'same' padding, then a 1x1 conv that adds the bias.
     */
    Value separable(Value x, String prefix, int stride) {
        WeightTensor dw = weights.get(prefix + "/depthwise_filter");
        WeightTensor pw = weights.get(prefix + "/pointwise_filter");
        WeightTensor bias = weights.get(prefix + "/bias");
        int k = dw.dim(0);
        int channels = dw.dim(2);
        int size = TfLayout.outSize(x.size(), k, stride, true);
        int[] pads = TfLayout.samePads(x.size(), k, stride);
        float[] dwFilter = TfLayout.depthwiseFilter(dw);
        long[] dwDims = TfLayout.depthwiseFilterDims(dw);
        float[] pwFilter = TfLayout.convFilter(pw);
        long[] pwDims = TfLayout.convFilterDims(pw);
        String depthwiseOut = x.quantized() == null
                ? g.conv(x.name(), g.constant(prefix + "_dw", dwFilter, dwDims), null, stride, pads, channels)
                : qdq.conv(x.quantized(), dwFilter, dwDims, new float[channels], stride, pads, channels);
        Value depthwise = points.apply(new Value(depthwiseOut, channels, size));
        String pointwise = depthwise.quantized() == null
                ? g.conv(depthwise.name(), g.constant(prefix + "_pw", pwFilter, pwDims),
                        g.constant(prefix + "_b", bias.values(), bias.dim(0)), 1, TfLayout.VALID, 1)
                : qdq.conv(depthwise.quantized(), pwFilter, pwDims, bias.values(), 1, TfLayout.VALID, 1);
        return new Value(pointwise, pw.dim(3), size);
    }

    /** The value as float for a float op: in the 8-bit graph through a DequantizeLinear of its own. */
    String floatValue(Value x) {
        return x.quantized() == null ? x.name() : qdq.dequantize(x.quantized());
    }

    private static Value like(Value shape, String name) {
        return new Value(name, shape.channels(), shape.size());
    }
}
