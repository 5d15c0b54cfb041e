package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.convert.FaceLandmark68Converter.Value;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.models.tfjs.TfjsWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny graphs with hand-made TF-layout weights, checked against values worked out by hand. */
class DenseBlocksLayoutTest {

    @TempDir
    Path dir;

    @Test
    void strideTwoSameConvPadsOnlyAfterLikeTensorFlow() throws Exception {
        // x = 1..16 on a 4x4 grid, 3x3 filter of ones, bias 0.5: TF 'same' with stride 2 pads one cell after
        Map<String, Object[]> w = new LinkedHashMap<>();
        w.put("c/filters", new Object[] {new int[] {3, 3, 1, 1}, ones(9)});
        w.put("c/bias", new Object[] {new int[] {1}, new float[] {0.5f}});
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        float[] out = run(w, x, 1, 4, (blocks, in) -> blocks.conv(in, "c", 2));
        // (1+2+3+5+6+7+9+10+11), (3+4+7+8+11+12), (9+10+11+13+14+15), (11+12+15+16)
        assertArrayEquals(new float[] {54.5f, 45.5f, 72.5f, 54.5f}, out, 1e-5f);
    }

    @Test
    void separableConvKeepsEachChannelsDepthwiseFilterAndMixesPointwise() throws Exception {
        // channel 0 looks one row up, channel 1 one column left (times 2); pointwise: out0 = d0, out1 = d1,
        // out2 = d0 + d1; bias 0, 10, 100. TF layouts: depthwise [kh, kw, in, 1], pointwise [1, 1, in, out].
        float[] dw = new float[3 * 3 * 2];
        dw[(0 * 3 + 1) * 2 + 0] = 1f;
        dw[(1 * 3 + 0) * 2 + 1] = 2f;
        float[] pw = {1, 0, 1, 0, 1, 1};
        Map<String, Object[]> w = new LinkedHashMap<>();
        w.put("s/depthwise_filter", new Object[] {new int[] {3, 3, 2, 1}, dw});
        w.put("s/pointwise_filter", new Object[] {new int[] {1, 1, 2, 3}, pw});
        w.put("s/bias", new Object[] {new int[] {3}, new float[] {0, 10, 100}});
        float[] x = new float[2 * 9];
        for (int i = 0; i < 9; i++) {
            x[i] = i + 1;
            x[9 + i] = 10 * (i + 1);
        }
        float[] out = run(w, x, 2, 3, (blocks, in) -> blocks.separable(in, "s", 1));
        float[] expected = {
            0, 0, 0, 1, 2, 3, 4, 5, 6,
            10, 30, 50, 10, 90, 110, 10, 150, 170,
            100, 120, 140, 101, 182, 203, 104, 245, 266};
        assertArrayEquals(expected, out, 1e-5f);
    }

    @Test
    void denseBlockSumsEveryEarlierOutputBeforeEachRelu() throws Exception {
        // 1 channel, 2x2 input of ones. conv0: 3x3 filter with only the centre = 1, bias 0 -> stride 2 gives
        // out1 = [1]. Each separable conv: identity filters, bias b_i. out2 = 1 + 1 = 2 (b1 = 1);
        // in3 = relu(1 + 2) = 3, out3 = 3 - 10 = -7 (b2 = -10); in4 = relu(1 + (2 + -7)) = 0, out4 = 0 + 5 = 5;
        // result = relu(1 + (2 + (-7 + 5))) = 1.
        Map<String, Object[]> w = new LinkedHashMap<>();
        float[] centre = new float[9];
        centre[4] = 1f;
        w.put("d/conv0/filters", new Object[] {new int[] {3, 3, 1, 1}, centre});
        w.put("d/conv0/bias", new Object[] {new int[] {1}, new float[] {0f}});
        float[] bias = {1f, -10f, 5f};
        for (int i = 1; i <= 3; i++) {
            w.put("d/conv" + i + "/depthwise_filter", new Object[] {new int[] {3, 3, 1, 1}, centre});
            w.put("d/conv" + i + "/pointwise_filter", new Object[] {new int[] {1, 1, 1, 1}, new float[] {1f}});
            w.put("d/conv" + i + "/bias", new Object[] {new int[] {1}, new float[] {bias[i - 1]}});
        }
        float[] out = run(w, ones(4), 1, 2, (blocks, in) -> blocks.denseBlock4(in, "d", true));
        assertArrayEquals(new float[] {1f}, out, 1e-6f);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private float[] run(Map<String, Object[]> weights, float[] x, int channels, int size,
                        BiFunction<DenseBlocks, Value, Value> layer) throws Exception {
        TfjsWeights tfjs = TfjsWeights.read(writeManifest(weights));
        OnnxGraphBuilder g = new OnnxGraphBuilder("test");
        String input = g.input("input", 1, channels, size, size);
        Value out = layer.apply(new DenseBlocks(g, tfjs), new Value(input, channels, size));
        g.output(out.name(), "out", 1, out.channels(), out.size(), out.size());
        Path file = dir.resolve("test.onnx");
        Files.write(file, g.toBytes("test", "test"));
        try (OnnxModel model = new OnnxModel(file, SessionOptionsFactory.cpu(1))) {
            return model.run(x, 1, channels, size, size).get(0);
        }
    }

    /** A float32 tfjs manifest with one shard, as face-api's model files are laid out. */
    private Path writeManifest(Map<String, Object[]> weights) throws Exception {
        StringBuilder json = new StringBuilder("[{\"paths\":[\"w.bin\"],\"weights\":[");
        int total = 0;
        for (Object[] v : weights.values()) {
            total += ((float[]) v[1]).length;
        }
        ByteBuffer bin = ByteBuffer.allocate(total * 4).order(ByteOrder.LITTLE_ENDIAN);
        boolean first = true;
        for (Map.Entry<String, Object[]> e : weights.entrySet()) {
            int[] shape = (int[]) e.getValue()[0];
            json.append(first ? "" : ",").append("{\"name\":\"").append(e.getKey()).append("\",\"shape\":")
                    .append(java.util.Arrays.toString(shape)).append(",\"dtype\":\"float32\"}");
            first = false;
            for (float f : (float[]) e.getValue()[1]) {
                bin.putFloat(f);
            }
        }
        json.append("]}]");
        Files.write(dir.resolve("w.bin"), bin.array());
        Path manifest = dir.resolve("m.json");
        Files.writeString(manifest, json);
        return manifest;
    }
}
