package io.faceembed.models.convert;

import io.faceembed.models.convert.FaceLandmark68Converter.Value;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.onnx.TfLayout;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.models.tfjs.WeightTensor;

/** face-api's dense blocks (faceFeatureExtractor/denseBlock.ts) as ONNX nodes, on NCHW values. */
final class DenseBlocks {

    private final OnnxGraphBuilder g;
    private final TfjsWeights weights;

    DenseBlocks(OnnxGraphBuilder g, TfjsWeights weights) {
        this.g = g;
        this.weights = weights;
    }

    /**
     * Four convs, each fed the relu of the sum of all earlier outputs; the first one halves the size (a plain conv
     * in the net's first block, a separable one after). Sums keep face-api's order: out1 + (out2 + (out3 + out4)).
     */
    Value denseBlock4(Value x, String prefix, boolean firstLayer) {
        Value out1 = firstLayer ? conv(x, prefix + "/conv0", 2) : separable(x, prefix + "/conv0", 2);
        out1 = new Value(g.relu(out1.name()), out1.channels(), out1.size());
        Value out2 = separable(out1, prefix + "/conv1", 1);
        Value in3 = like(out1, g.relu(g.add(out1.name(), out2.name())));
        Value out3 = separable(in3, prefix + "/conv2", 1);
        Value in4 = like(out1, g.relu(g.add(out1.name(), g.add(out2.name(), out3.name()))));
        Value out4 = separable(in4, prefix + "/conv3", 1);
        String sum = g.add(out1.name(), g.add(out2.name(), g.add(out3.name(), out4.name())));
        return like(out1, g.relu(sum));
    }

    /** tf.conv2d(x, filters, stride, 'same') + bias. */
    Value conv(Value x, String prefix, int stride) {
        WeightTensor filters = weights.get(prefix + "/filters");
        WeightTensor bias = weights.get(prefix + "/bias");
        int k = filters.dim(0);
        String out = g.conv(x.name(), g.constant(prefix + "_w", TfLayout.convFilter(filters),
                        TfLayout.convFilterDims(filters)),
                g.constant(prefix + "_b", bias.values(), bias.dim(0)), stride, TfLayout.samePads(x.size(), k, stride), 1);
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
        String depthwise = g.conv(x.name(), g.constant(prefix + "_dw", TfLayout.depthwiseFilter(dw),
                TfLayout.depthwiseFilterDims(dw)), null, stride, TfLayout.samePads(x.size(), k, stride), dw.dim(2));
        String pointwise = g.conv(depthwise, g.constant(prefix + "_pw", TfLayout.convFilter(pw),
                TfLayout.convFilterDims(pw)), g.constant(prefix + "_b", bias.values(), bias.dim(0)), 1,
                TfLayout.VALID, 1);
        return new Value(pointwise, pw.dim(3), TfLayout.outSize(x.size(), k, stride, true));
    }

    private static Value like(Value shape, String name) {
        return new Value(name, shape.channels(), shape.size());
    }
}
