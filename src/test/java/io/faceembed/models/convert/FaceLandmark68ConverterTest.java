package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.inference.landmarks.LandmarkFixtures;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.models.tfjs.TfjsWeights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceLandmark68ConverterTest {

    private static final int FACE = 3 * 112 * 112;

    @Test
    void convertingTwiceGivesIdenticalBytes() throws Exception {
        TfjsWeights w = LandmarkFixtures.landmarkWeights();
        assertArrayEquals(FaceLandmark68Converter.convert(w), FaceLandmark68Converter.convert(w));
    }

    @Test
    void eachFaceOfABatchOfFourGetsTheSameLandmarksAsAlone(@TempDir Path dir) throws Exception {
        float[] batch = new float[4 * FACE];
        Random random = new Random(7);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = random.nextInt(256);
        }
        try (OnnxModel model = LandmarkFixtures.landmarkModel(dir)) {
            OnnxModel.Outputs all = model.run(batch, 4, 3, 112, 112);
            assertArrayEquals(new long[] {4, 136}, all.shape(0));
            for (int n = 0; n < 4; n++) {
                float[] one = model.run(Arrays.copyOfRange(batch, n * FACE, (n + 1) * FACE), 1, 3, 112, 112).get(0);
                for (int i = 0; i < 136; i++) {
                    assertEquals(one[i], all.get(0)[n * 136 + i], 1e-5f, "face " + n + " value " + i);
                }
            }
        }
    }
}
