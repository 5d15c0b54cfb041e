package io.faceembed.models.convert;

import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.onnx.QdqConv;
import io.faceembed.models.onnx.TfLayout;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.models.tfjs.WeightTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts face-api's SSD MobileNetV1 face detector ({@code ssd_mobilenetv1_model}) into an ONNX graph.
 *
 * <p>Contract of the produced graph:
 * <ul>
 *   <li>input {@code input}: float32 [N, 3, 512, 512], RGB 0..255, NCHW (the graph scales it to -1..1);</li>
 *   <li>output {@code boxes}: float32 [N, 5118, 4], decoded boxes as y1, x1, y2, x2 relative to the 512x512
 *       input (0..1 inside it, not clipped);</li>
 *   <li>output {@code scores}: float32 [N, 5118], face probability (sigmoid) of each anchor's box.</li>
 * </ul>
 * Non-maximum suppression is left to the caller. The anchors are the model's own {@code Output/extra_dim}.
 */
public final class SsdMobilenetV1Converter {

    public static final int INPUT_SIZE = 512;
    public static final String INPUT = "input";
    public static final String BOXES = "boxes";
    public static final String SCORES = "scores";

    /** tf.batchNorm's variance epsilon in face-api's MobileNetV1. */
    private static final float BATCH_NORM_EPSILON = 0.0010000000474974513f;
    /** Depthwise layers (1-based) of MobileNetV1 that halve the feature map. */
    private static final List<Integer> STRIDE_TWO_LAYERS = List.of(2, 4, 6, 12);
    private static final int MOBILENET_PAIRS = 13;
    private static final int PREDICTION_CONVS = 8;
    private static final int BOX_PREDICTORS = 6;
    private static final int CLASSES = 3;
    private static final int FACE_CLASS = 1;
    /** Center-size box coder scales (y, x, h, w) of the TF object detection API. */
    private static final float CENTER_SCALE = 10f;
    private static final float SIZE_SCALE = 5f;

    /**
     * A feature map in the graph: its float value or, in an 8-bit graph, its uint8 value (the other null),
     * channels and (square) spatial size.
     */
    private record Feature(String value, String quantized, int channels, int size) {
    }

    private final TfjsWeights weights;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("ssd_mobilenetv1");
    /** Null for the float graph. */
    private final QdqConv int8;

    private SsdMobilenetV1Converter(TfjsWeights weights, boolean int8) {
        this.weights = weights;
        this.int8 = int8 ? new QdqConv(g) : null;
    }

    public static byte[] convert(TfjsWeights weights) {
        return new SsdMobilenetV1Converter(weights, false).build();
    }

    /**
     * The same detector with the backbone and the extra layers in 8 bits (QDQ form, see {@link QdqConv}): about
     * twice as fast on CPUs with 8-bit dot products (AVX-512 VNNI, AMX). The first convolution, the box predictors
     * and the box decoding stay in float.
     */
    public static byte[] convertInt8(TfjsWeights weights) {
        return new SsdMobilenetV1Converter(weights, true).build();
    }

    private byte[] build() {
        String input = g.input(INPUT, -1, 3, INPUT_SIZE, INPUT_SIZE);
        String normalized = g.sub(g.div(input, g.scalar("scale", 127.5f)), g.scalar("one", 1f));
        Feature x = new Feature(normalized, null, 3, INPUT_SIZE);

        x = pointwise(x, "MobilenetV1/Conv2d_0_pointwise", 2);
        Feature conv11 = null;
        for (int i = 1; i <= MOBILENET_PAIRS; i++) {
            x = depthwise(x, "MobilenetV1/Conv2d_" + i + "_depthwise", STRIDE_TWO_LAYERS.contains(i) ? 2 : 1);
            x = pointwise(x, "MobilenetV1/Conv2d_" + i + "_pointwise", 1);
            if (i == 11) {
                conv11 = x;
            }
        }

        // SSD heads look at conv11, the backbone's output, and every second extra layer (the strided ones).
        List<Feature> heads = new ArrayList<>(List.of(conv11, x));
        Feature extra = x;
        for (int i = 0; i < PREDICTION_CONVS; i++) {
            extra = pointwise(extra, "Prediction/Conv2d_" + i + "_pointwise", i % 2 == 1 ? 2 : 1);
            if (i % 2 == 1) {
                heads.add(extra);
            }
        }

        List<String> encodings = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        int anchors = 0;
        for (int i = 0; i < BOX_PREDICTORS; i++) {
            String prefix = "Prediction/BoxPredictor_" + i;
            Feature f = heads.get(i);
            encodings.add(headOutput(f, prefix + "/BoxEncodingPredictor", 4));
            classes.add(headOutput(f, prefix + "/ClassPredictor", CLASSES));
            anchors += f.size() * f.size() * (weights.get(prefix + "/BoxEncodingPredictor/biases").dim(0) / 4);
        }
        String encoding = g.concat(1, encodings.toArray(String[]::new));
        String classLogits = g.concat(1, classes.toArray(String[]::new));

        String boxes = decodeBoxes(encoding, anchors);
        String faceLogit = slice(classLogits, 2, FACE_CLASS, FACE_CLASS + 1);
        String scores = g.reshape(g.sigmoid(faceLogit), 0, -1);

        g.output(boxes, BOXES, -1, anchors, 4);
        g.output(scores, SCORES, -1, anchors);
        g.metadata("source", "@vladmandic/face-api@1.7.15 ssd_mobilenetv1_model");
        g.metadata("input", "input: float32 [N,3,512,512] RGB 0..255 NCHW");
        g.metadata("outputs", "boxes: [N," + anchors + ",4] y1,x1,y2,x2 relative; scores: [N," + anchors + "]");
        return g.toBytes("faceembed", "face-api SSD MobileNetV1 face detector");
    }

    /** Conv (any kernel) + bias (the folded batch-norm offset) + relu6, TF 'same' padding. */
    private Feature pointwise(Feature x, String prefix, int stride) {
        WeightTensor w = weights.get(prefix + "/weights");
        float[] bias = weights.get(prefix + "/convolution_bn_offset").values();
        return convRelu6(x, "w", TfLayout.convFilter(w), TfLayout.convFilterDims(w), bias, w.dim(0), stride, 1,
                w.dim(3));
    }

    /** Depthwise 3x3 conv with its batch norm folded into filter and bias, then relu6. */
    private Feature depthwise(Feature x, String prefix, int stride) {
        WeightTensor w = weights.get(prefix + "/depthwise_weights");
        float[] gamma = weights.get(prefix + "/BatchNorm/gamma").values();
        float[] beta = weights.get(prefix + "/BatchNorm/beta").values();
        float[] mean = weights.get(prefix + "/BatchNorm/moving_mean").values();
        float[] variance = weights.get(prefix + "/BatchNorm/moving_variance").values();
        if (w.dim(3) != 1) {
            throw new IllegalArgumentException(prefix + ": depth multiplier " + w.dim(3) + " is not supported");
        }
        int channels = w.dim(2);
        int perChannel = w.dim(0) * w.dim(1);
        float[] filter = TfLayout.depthwiseFilter(w);
        float[] bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            float scale = (float) (gamma[c] / Math.sqrt(variance[c] + BATCH_NORM_EPSILON));
            for (int k = 0; k < perChannel; k++) {
                filter[c * perChannel + k] *= scale;
            }
            bias[c] = beta[c] - mean[c] * scale;
        }
        return convRelu6(x, "dw", filter, TfLayout.depthwiseFilterDims(w), bias, w.dim(0), stride, channels,
                channels);
    }

    /**
     * Conv + relu6 with TF 'same' padding. In the 8-bit graph a quantized input gives an integer conv, and the
     * output is quantized (the quantization's saturation at 0 and 6 is the relu6).
     */
    private Feature convRelu6(Feature x, String filterName, float[] filter, long[] filterDims, float[] bias,
                              int kernel, int stride, int group, int outChannels) {
        int[] pads = TfLayout.samePads(x.size(), kernel, stride);
        int outSize = TfLayout.outSize(x.size(), kernel, stride, true);
        String y = x.quantized() != null
                ? int8.conv(x.quantized(), filter, filterDims, bias, stride, pads, group)
                : g.conv(x.value(), g.constant(filterName, filter, filterDims), g.constant("b", bias, bias.length),
                        stride, pads, group);
        return int8 == null ? new Feature(g.clip(y, 0f, 6f), null, outChannels, outSize)
                : new Feature(null, int8.quantizeRelu6(y), outChannels, outSize);
    }

    /** The feature map as float, for the layers that stay in float. */
    private String floatValue(Feature x) {
        return x.value() != null ? x.value() : int8.dequantize(x.quantized());
    }

    /**
     * A 1x1 box-predictor conv, reordered like TF's NHWC reshape to [N, H*W*anchorsPerCell, valuesPerAnchor], so
     * anchors run row by row, column by column, then anchor by anchor within a cell.
     */
    private String headOutput(Feature x, String prefix, int valuesPerAnchor) {
        WeightTensor w = weights.get(prefix + "/weights");
        WeightTensor b = weights.get(prefix + "/biases");
        String filter = g.constant("w", TfLayout.convFilter(w), TfLayout.convFilterDims(w));
        String bias = g.constant("b", b.values(), b.dim(0));
        String y = g.conv(floatValue(x), filter, bias, 1, TfLayout.samePads(x.size(), w.dim(0), 1), 1);
        return g.reshape(g.transpose(y, 0, 2, 3, 1), 0, -1, valuesPerAnchor);
    }

    /**
     * face-api's output layer: the center-size box coder with scales 10 (centers) and 5 (sizes) against the
     * anchors in {@code Output/extra_dim} (y1, x1, y2, x2).
     */
    private String decodeBoxes(String encoding, int anchors) {
        WeightTensor anchorBoxes = weights.get("Output/extra_dim");
        if (anchorBoxes.dim(1) != anchors || anchorBoxes.dim(2) != 4) {
            throw new IllegalArgumentException("Output/extra_dim holds " + anchorBoxes.dim(1)
                    + " anchors, the feature maps give " + anchors);
        }
        float[] a = anchorBoxes.values();
        float[] centers = new float[anchors * 2];
        float[] sizes = new float[anchors * 2];
        for (int i = 0; i < anchors; i++) {
            for (int axis = 0; axis < 2; axis++) {
                float lo = a[i * 4 + axis];
                float size = a[i * 4 + 2 + axis] - lo;
                sizes[i * 2 + axis] = size;
                centers[i * 2 + axis] = lo + size / 2f;
            }
        }
        String anchorCenters = g.constant("anchor_centers", centers, anchors, 2);
        String anchorSizes = g.constant("anchor_sizes", sizes, anchors, 2);

        String centerCode = slice(encoding, 2, 0, 2);
        String sizeCode = slice(encoding, 2, 2, 4);
        String center = g.add(g.mul(g.div(centerCode, g.scalar("center_scale", CENTER_SCALE)), anchorSizes),
                anchorCenters);
        String exp = g.node("Exp", new String[] {g.div(sizeCode, g.scalar("size_scale", SIZE_SCALE))});
        String half = g.div(g.mul(exp, anchorSizes), g.scalar("two", 2f));
        return g.concat(2, g.sub(center, half), g.add(center, half));
    }

    private String slice(String x, long axis, long start, long end) {
        return g.node("Slice", new String[] {x,
                g.constantInt64("starts", new long[] {start}, 1),
                g.constantInt64("ends", new long[] {end}, 1),
                g.constantInt64("axes", new long[] {axis}, 1)});
    }
}
