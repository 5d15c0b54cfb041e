package io.faceembed.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.tfjs.WeightTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A depthwise 3x3 stride-2 conv with TF 'same' padding on a 4x4 input: TF pads 0 rows/columns before and 1 after
 * (not 1 and 1), and its [kh, kw, in, 1] filter must land on the right channel. Expected values by hand.
 */
class TfLayoutDepthwiseTest {

    @TempDir
    Path dir;

    @Test
    void depthwiseStrideTwoSamePaddingMatchesHandComputedValues() throws IOException {
        // Channel 0: x(r, c) = 4r + c + 1; channel 1: all ones.
        float[] input = new float[2 * 16];
        for (int i = 0; i < 16; i++) {
            input[i] = i + 1;
            input[16 + i] = 1;
        }
        // TF layout [3, 3, 2, 1]: index (ky * 3 + kx) * 2 + channel.
        // Channel 0 taps: 1 at (0,0), 10 at (1,1), 100 at (2,2). Channel 1: 2 at (1,1), 3 at (2,0).
        float[] tf = new float[18];
        tf[(0 * 3 + 0) * 2] = 1;
        tf[(1 * 3 + 1) * 2] = 10;
        tf[(2 * 3 + 2) * 2] = 100;
        tf[(1 * 3 + 1) * 2 + 1] = 2;
        tf[(2 * 3 + 0) * 2 + 1] = 3;
        WeightTensor w = new WeightTensor("dw", new int[] {3, 3, 2, 1}, tf);

        OnnxGraphBuilder g = new OnnxGraphBuilder("dw_test");
        String x = g.input("x", 1, 2, 4, 4);
        String filter = g.constant("w", TfLayout.depthwiseFilter(w), TfLayout.depthwiseFilterDims(w));
        String y = g.conv(x, filter, null, 2, TfLayout.samePads(4, 3, 2), 2);
        g.output(y, "y", 1, 2, 2, 2);
        Path file = dir.resolve("dw.onnx");
        Files.write(file, g.toBytes("test", "depthwise layout"));

        // Output (i, j) reads rows 2i..2i+2 and columns 2j..2j+2; row or column 4 is the padding (zero).
        // Channel 0: x(2i,2j) + 10 x(2i+1,2j+1) + 100 x(2i+2,2j+2)
        //   (0,0) = 1 + 10*6 + 100*11 = 1161   (0,1) = 3 + 10*8 + 0 = 83
        //   (1,0) = 9 + 10*14 + 0 = 149        (1,1) = 11 + 10*16 + 0 = 171
        // Channel 1: 2 * 1(2i+1,2j+1) + 3 * 1(2i+2,2j): 5, 5, 2, 2
        float[] expected = {1161, 83, 149, 171, 5, 5, 2, 2};
        try (OnnxModel model = new OnnxModel(file, SessionOptionsFactory.cpu(1))) {
            assertArrayEquals(expected, model.run(input, 1, 2, 4, 4).get(0), 1e-4f);
        }
    }
}
