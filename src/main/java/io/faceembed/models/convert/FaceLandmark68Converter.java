package io.faceembed.models.convert;

import io.faceembed.models.onnx.ActivationRange;
import io.faceembed.models.onnx.CalibratedQdq.Quantized;
import io.faceembed.models.onnx.OnnxAttr;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.onnx.QuantizationPoints;
import io.faceembed.models.onnx.TfLayout;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.models.tfjs.WeightTensor;
import java.util.List;
import java.util.function.Function;

/**
 * face-api's FaceLandmark68Net (four dense blocks of depthwise-separable convs, 7x7 average pool, one fully
 * connected layer) as an ONNX graph.
 *
 * <p>Contract: input {@code input} float32 [N,3,112,112], RGB 0..255 (the face crop already padded to a square
 * and resized); output {@code landmarks} float32 [N,136], the net's raw output x0,y0,x1,y1,... relative to the
 * padded square (0..1 inside it). face-api's normalisation ({@code (x - meanRgb) / 255}) is inside the graph.
 *
 * <p>The 8-bit form quantizes the net's activations at {@value #ACTIVATION_POINTS} points (the normalised input,
 * every conv's output, the depthwise half of every separable conv, every sum) with ranges calibrated on faces
 * ({@link #calibrationGraph}: the float net with each of those values also an output {@code activation_<i>});
 * every conv and sum then runs on uint8 activations. The pooling and the final layer stay in float.
 */
public final class FaceLandmark68Converter {

    public static final int INPUT_SIZE = 112;
    public static final int OUTPUTS = 136;
    public static final int ACTIVATION_POINTS = 56;
    public static final String ACTIVATION_OUTPUT = QuantizationPoints.OUTPUT_PREFIX;
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final TfjsWeights weights;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("face_landmark_68");
    private final QuantizationPoints points;

    private FaceLandmark68Converter(TfjsWeights weights, Function<OnnxGraphBuilder, QuantizationPoints> form) {
        this.weights = weights;
        this.points = form.apply(g);
    }

    public static byte[] convert(TfjsWeights weights) {
        return new FaceLandmark68Converter(weights, QuantizationPoints::floatGraph).build();
    }

    /** The float net with its {@value #ACTIVATION_POINTS} quantization points also as outputs, for calibration. */
    public static byte[] calibrationGraph(TfjsWeights weights) {
        return new FaceLandmark68Converter(weights, QuantizationPoints::calibrationGraph).build();
    }

    /** The net in 8 bits, its activations quantized to {@code ranges} (one per point, in graph order). */
    public static byte[] convertInt8(TfjsWeights weights, List<ActivationRange> ranges) {
        return new FaceLandmark68Converter(weights, g -> QuantizationPoints.int8Graph(g, ranges, ACTIVATION_POINTS,
                "the landmark net")).build();
    }

    /**
     * A tensor flowing through the graph, with its static channel count and square spatial size; in the 8-bit
     * graph, once quantized, its uint8 form (then {@code name} is not to be read: each consumer dequantizes).
     */
    record Value(String name, int channels, int size, Quantized quantized) {
        Value(String name, int channels, int size) {
            this(name, channels, size, null);
        }
    }

    private byte[] build() {
        String input = g.input("input", -1, 3, INPUT_SIZE, INPUT_SIZE);
        String mean = g.constant("mean_rgb", MEAN_RGB, 1, 3, 1, 1);
        String normalized = g.div(g.sub(input, mean), g.scalar("div_255", 255f));
        Value x = activation(new Value(normalized, 3, INPUT_SIZE));

        DenseBlocks blocks = new DenseBlocks(g, weights, this::activation, points.qdq());
        x = blocks.denseBlock4(x, "dense0", true);
        x = blocks.denseBlock4(x, "dense1", false);
        x = blocks.denseBlock4(x, "dense2", false);
        x = blocks.denseBlock4(x, "dense3", false);
        points.checkReached(ACTIVATION_POINTS);

        // tf.avgPool(out, [7, 7], [2, 2], 'valid') on the 7x7 map: one cell per channel
        String pooled = g.avgPool(blocks.floatValue(x), 7, 2, TfLayout.VALID);
        String flat = g.node("Flatten", new String[] {pooled}, OnnxAttr.integer("axis", 1));
        WeightTensor fcW = weights.get("fc/weights");
        WeightTensor fcB = weights.get("fc/bias");
        String out = g.add(g.matMul(flat, g.constant("fc_w", fcW.values(), fcW.dim(0), fcW.dim(1))),
                g.constant("fc_b", fcB.values(), fcB.dim(0)));
        g.output(out, "landmarks", -1, OUTPUTS);
        g.metadata("source", "@vladmandic/face-api@1.7.15 model/face_landmark_68_model");
        return g.toBytes("faceembed", "face-api FaceLandmark68Net (68 points, relative to the padded 112x112 input)"
                + points.formNote());
    }

    /** A quantization point ({@link QuantizationPoints}): in the 8-bit graph the value comes out quantized. */
    private Value activation(Value x) {
        return new Value(x.name(), x.channels(), x.size(), points.at(x.name(), x.channels(), x.size()));
    }
}
