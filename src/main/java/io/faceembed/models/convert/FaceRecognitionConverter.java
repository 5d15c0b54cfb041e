package io.faceembed.models.convert;

import io.faceembed.models.onnx.ActivationRange;
import io.faceembed.models.onnx.CalibratedQdq;
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
 * face-api's FaceRecognitionNet (dlib's {@code dlib_face_recognition_resnet_model_v1}, a ResNet-34-like net with
 * 29 conv layers) as an ONNX graph.
 *
 * <p>Contract: input {@code input} float32 [N,3,150,150], RGB 0..255; output {@code embedding} float32 [N,128],
 * the raw descriptor (not L2-normalised). Each conv's "scale" layer (an affine per-channel transform, dlib's
 * frozen batch norm) is folded into the conv weights and bias.
 *
 * <p>The 8-bit form quantizes the net's activations at {@value #ACTIVATION_POINTS} points (the normalised input,
 * the first conv's output, and in every residual block the first conv's output, the second conv's output and the
 * block's output) with ranges calibrated on faces ({@link #calibrationGraph}: the float net with each of those
 * values also an output {@code activation_<i>}); every conv then runs on uint8 activations and int8 weights. The
 * pooling at the end and the final 256x128 layer stay in float.
 */
public final class FaceRecognitionConverter {

    public static final int INPUT_SIZE = 150;
    public static final int DIMENSION = 128;
    public static final int ACTIVATION_POINTS = 44;
    public static final String ACTIVATION_OUTPUT = QuantizationPoints.OUTPUT_PREFIX;
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final TfjsWeights weights;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("face_recognition");
    private final QuantizationPoints points;
    private final CalibratedQdq qdq;

    private FaceRecognitionConverter(TfjsWeights weights, Function<OnnxGraphBuilder, QuantizationPoints> form) {
        this.weights = weights;
        this.points = form.apply(g);
        this.qdq = points.qdq();
    }

    public static byte[] convert(TfjsWeights weights) {
        return new FaceRecognitionConverter(weights, QuantizationPoints::floatGraph).build();
    }

    /** The float net with its {@value #ACTIVATION_POINTS} quantization points also as outputs, for calibration. */
    public static byte[] calibrationGraph(TfjsWeights weights) {
        return new FaceRecognitionConverter(weights, QuantizationPoints::calibrationGraph).build();
    }

    /** The net in 8 bits, its activations quantized to {@code ranges} (one per point, in graph order). */
    public static byte[] convertInt8(TfjsWeights weights, List<ActivationRange> ranges) {
        return new FaceRecognitionConverter(weights, g -> QuantizationPoints.int8Graph(g, ranges, ACTIVATION_POINTS,
                "the recogniser")).build();
    }

    /**
     * A tensor flowing through the graph, with its static channel count and square spatial size; in the 8-bit
     * graph, once quantized, its uint8 form (then {@code name} is not to be read: each consumer dequantizes).
     */
    private record Value(String name, int channels, int size, Quantized quantized) {
        Value(String name, int channels, int size) {
            this(name, channels, size, null);
        }
    }

    private byte[] build() {
        String input = g.input("input", -1, 3, INPUT_SIZE, INPUT_SIZE);
        String mean = g.constant("mean_rgb", MEAN_RGB, 1, 3, 1, 1);
        String normalized = g.div(g.sub(input, mean), g.scalar("inv_255", 255f));
        Value x = activation(new Value(normalized, 3, INPUT_SIZE));

        x = activation(conv(x, "conv32_down", 2, true));
        int pooled = TfLayout.outSize(x.size, 3, 2, false);
        x = sameRange(g.maxPool(floatValue(x), 3, 2, TfLayout.VALID), x, pooled);

        x = residual(x, "conv32_1");
        x = residual(x, "conv32_2");
        x = residual(x, "conv32_3");
        x = residualDown(x, "conv64_down");
        x = residual(x, "conv64_1");
        x = residual(x, "conv64_2");
        x = residual(x, "conv64_3");
        x = residualDown(x, "conv128_down");
        x = residual(x, "conv128_1");
        x = residual(x, "conv128_2");
        x = residualDown(x, "conv256_down");
        x = residual(x, "conv256_1");
        x = residual(x, "conv256_2");
        x = residualDown(x, "conv256_down_out");
        points.checkReached(ACTIVATION_POINTS);

        String pooledFeatures = g.node("Flatten", new String[] {g.globalAveragePool(floatValue(x))},
                OnnxAttr.integer("axis", 1));
        WeightTensor fc = weights.get("fc");
        String embedding = g.matMul(pooledFeatures, g.constant("fc", fc.values(), fc.dim(0), fc.dim(1)));
        g.output(embedding, "embedding", -1, DIMENSION);
        g.metadata("source", "@vladmandic/face-api@1.7.15 model/face_recognition_model");
        return g.toBytes("faceembed", "dlib face recognition ResNet v1 (128-D), converted from face-api's weights"
                + points.formNote());
    }

    /** A quantization point ({@link QuantizationPoints}): in the 8-bit graph the value comes out quantized. */
    private Value activation(Value x) {
        return new Value(x.name, x.channels, x.size, points.at(x.name, x.channels, x.size));
    }

    /** The value as float for a float op: in the 8-bit graph through a DequantizeLinear of its own. */
    private String floatValue(Value x) {
        return x.quantized == null ? x.name : qdq.dequantize(x.quantized);
    }

    /** conv (+bias) -> scale -> optional relu; stride 2 uses 'valid' padding, stride 1 'same', as face-api does. */
    private Value conv(Value x, String prefix, int stride, boolean relu) {
        WeightTensor filters = weights.get(prefix + "/conv/filters");
        float[] bias = weights.get(prefix + "/conv/bias").values();
        float[] scaleW = weights.get(prefix + "/scale/weights").values();
        float[] scaleB = weights.get(prefix + "/scale/biases").values();
        int k = filters.dim(0);
        int outChannels = filters.dim(3);

        float[] w = TfLayout.convFilter(filters);
        int perOut = w.length / outChannels;
        float[] b = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < perOut; i++) {
                w[o * perOut + i] *= scaleW[o];
            }
            b[o] = bias[o] * scaleW[o] + scaleB[o];
        }
        boolean same = stride == 1;
        int[] pads = same ? TfLayout.samePads(x.size, k, stride) : TfLayout.VALID;
        long[] dims = TfLayout.convFilterDims(filters);
        String out = x.quantized != null ? qdq.conv(x.quantized, w, dims, b, stride, pads, 1)
                : g.conv(x.name, g.constant(prefix + "_w", w, dims), g.constant(prefix + "_b", b, outChannels),
                        stride, pads, 1);
        if (relu) {
            out = g.relu(out);
        }
        return new Value(out, outChannels, TfLayout.outSize(x.size, k, stride, same));
    }

    private Value residual(Value x, String prefix) {
        Value out = activation(conv(x, prefix + "/conv1", 1, true));
        out = activation(conv(out, prefix + "/conv2", 1, false));
        return activation(new Value(g.relu(g.add(floatValue(out), floatValue(x))), out.channels, out.size));
    }

    /**
     * Down-sampling block: the conv path halves the size with a 'valid' stride-2 conv, the shortcut with a 2x2
     * average pool; the shortcut gets zero channels appended, and where the conv path came out one cell smaller
     * it gets a zero row and column appended (at the bottom and right), exactly as face-api does.
     */
    private Value residualDown(Value x, String prefix) {
        Value out = activation(conv(x, prefix + "/conv1", 2, true));
        out = activation(conv(out, prefix + "/conv2", 1, false));
        int pooledSize = TfLayout.outSize(x.size, 2, 2, false);
        Value shortcut = sameRange(g.avgPool(floatValue(x), 2, 2, TfLayout.VALID), x, pooledSize);
        Value path = out;
        if (out.size != pooledSize) {
            int grow = pooledSize - out.size;
            path = zeroPadded(out, new long[] {0, 0, 0, 0, 0, 0, grow, grow}, out.channels, pooledSize);
        }
        if (x.channels != out.channels) {
            shortcut = zeroPadded(shortcut, new long[] {0, 0, 0, 0, 0, out.channels - x.channels, 0, 0},
                    out.channels, pooledSize);
        }
        return activation(new Value(g.relu(g.add(floatValue(shortcut), floatValue(path))), out.channels,
                pooledSize));
    }

    /** {@code x} padded with zeros; a quantized value is padded as uint8, with its zero point. */
    private Value zeroPadded(Value x, long[] pads, int channels, int size) {
        if (x.quantized == null) {
            return new Value(g.pad(x.name, pads), channels, size);
        }
        return new Value(x.name, channels, size, qdq.pad(x.quantized, pads));
    }

    /**
     * The output of an op that keeps its input's range (a max or average pool), quantized as its input is, so that
     * ONNX Runtime runs it on the uint8 values.
     */
    private Value sameRange(String value, Value input, int size) {
        return new Value(value, input.channels, size,
                input.quantized == null ? null : qdq.quantizeLike(value, input.quantized));
    }
}
