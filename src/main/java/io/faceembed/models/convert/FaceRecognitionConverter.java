package io.faceembed.models.convert;

import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.onnx.TfLayout;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.models.tfjs.WeightTensor;

/**
 * face-api's FaceRecognitionNet (dlib's {@code dlib_face_recognition_resnet_model_v1}, a ResNet-34-like net with
 * 29 conv layers) as an ONNX graph.
 *
 * <p>Contract: input {@code input} float32 [N,3,150,150], RGB 0..255; output {@code embedding} float32 [N,128],
 * the raw descriptor (not L2-normalised). Each conv's "scale" layer (an affine per-channel transform, dlib's
 * frozen batch norm) is folded into the conv weights and bias.
 */
public final class FaceRecognitionConverter {

    public static final int INPUT_SIZE = 150;
    public static final int DIMENSION = 128;
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final TfjsWeights weights;
    private final OnnxGraphBuilder g = new OnnxGraphBuilder("face_recognition");

    private FaceRecognitionConverter(TfjsWeights weights) {
        this.weights = weights;
    }

    public static byte[] convert(TfjsWeights weights) {
        return new FaceRecognitionConverter(weights).build();
    }

    /** A tensor flowing through the graph, with its static channel count and square spatial size. */
    private record Value(String name, int channels, int size) {
    }

    private byte[] build() {
        String input = g.input("input", -1, 3, INPUT_SIZE, INPUT_SIZE);
        String mean = g.constant("mean_rgb", MEAN_RGB, 1, 3, 1, 1);
        String normalized = g.div(g.sub(input, mean), g.scalar("inv_255", 255f));
        Value x = new Value(normalized, 3, INPUT_SIZE);

        x = conv(x, "conv32_down", 2, true);
        int pooled = TfLayout.outSize(x.size, 3, 2, false);
        x = new Value(g.maxPool(x.name, 3, 2, TfLayout.VALID), x.channels, pooled);

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

        String pooledFeatures = g.node("Flatten", new String[] {g.globalAveragePool(x.name)},
                io.faceembed.models.onnx.OnnxAttr.integer("axis", 1));
        WeightTensor fc = weights.get("fc");
        String embedding = g.matMul(pooledFeatures, g.constant("fc", fc.values(), fc.dim(0), fc.dim(1)));
        g.output(embedding, "embedding", -1, DIMENSION);
        g.metadata("source", "@vladmandic/face-api@1.7.15 model/face_recognition_model");
        return g.toBytes("faceembed", "dlib face recognition ResNet v1 (128-D), converted from face-api's weights");
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
        String out = g.conv(x.name, g.constant(prefix + "_w", w, TfLayout.convFilterDims(filters)),
                g.constant(prefix + "_b", b, outChannels), stride, pads, 1);
        if (relu) {
            out = g.relu(out);
        }
        return new Value(out, outChannels, TfLayout.outSize(x.size, k, stride, same));
    }

    private Value residual(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 1, true);
        out = conv(out, prefix + "/conv2", 1, false);
        return new Value(g.relu(g.add(out.name, x.name)), out.channels, out.size);
    }

    /**
     * Down-sampling block: the conv path halves the size with a 'valid' stride-2 conv, the shortcut with a 2x2
     * average pool; the shortcut gets zero channels appended, and where the conv path came out one cell smaller
     * it gets a zero row and column appended (at the bottom and right), exactly as face-api does.
     */
    private Value residualDown(Value x, String prefix) {
        Value out = conv(x, prefix + "/conv1", 2, true);
        out = conv(out, prefix + "/conv2", 1, false);
        int pooledSize = TfLayout.outSize(x.size, 2, 2, false);
        String shortcut = g.avgPool(x.name, 2, 2, TfLayout.VALID);
        if (out.size != pooledSize) {
            int grow = pooledSize - out.size;
            out = new Value(g.pad(out.name, new long[] {0, 0, 0, 0, 0, 0, grow, grow}), out.channels, pooledSize);
        }
        if (x.channels != out.channels) {
            shortcut = g.pad(shortcut, new long[] {0, 0, 0, 0, 0, out.channels - x.channels, 0, 0});
        }
        return new Value(g.relu(g.add(shortcut, out.name)), out.channels, out.size);
    }
}
