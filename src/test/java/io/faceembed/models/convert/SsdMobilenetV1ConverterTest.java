package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.ssd.SsdCanvas;
import io.faceembed.inference.ssd.SsdFixtures;
import io.faceembed.inference.ssd.SsdInput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsdMobilenetV1ConverterTest {

    private static final int ANCHORS = 5118;

    @Test
    void convertingTwiceGivesByteIdenticalGraphs() {
        assertArrayEquals(SsdFixtures.convertedBytes(), SsdFixtures.convertedBytes());
    }

    @Test
    void graphHasDocumentedInputAndOutputs() {
        try (OnnxModel model = SsdFixtures.model(1)) {
            assertEquals(List.of(SsdMobilenetV1Converter.BOXES, SsdMobilenetV1Converter.SCORES), model.outputNames());
        }
    }

    @Test
    void anImageGetsTheSameOutputsAloneAndInABatchOfThree() {
        Path scenes = SsdFixtures.faces().resolve("sample/scenes");
        List<DecodedImage> images = List.of(
                SsdFixtures.read(scenes.resolve("faceapi-sample1.jpg")),
                SsdFixtures.read(scenes.resolve("faceapi-sample2.jpg")),
                SsdFixtures.read(scenes.resolve("deepface-couple.jpg")));
        try (OnnxModel model = SsdFixtures.model(2)) {
            OnnxModel.Outputs three = model.run(batch(images), 3, 3, SsdInput.SIZE, SsdInput.SIZE);
            assertArrayEquals(new long[] {3, ANCHORS, 4}, three.shape(0));
            assertArrayEquals(new long[] {3, ANCHORS}, three.shape(1));
            OnnxModel.Outputs one = model.run(batch(List.of(images.get(1))), 1, 3, SsdInput.SIZE, SsdInput.SIZE);
            assertArrayEquals(new long[] {1, ANCHORS, 4}, one.shape(0));

            float[] boxesInBatch = Arrays.copyOfRange(three.get(0), ANCHORS * 4, 2 * ANCHORS * 4);
            float[] scoresInBatch = Arrays.copyOfRange(three.get(1), ANCHORS, 2 * ANCHORS);
            assertArrayEquals(one.get(0), boxesInBatch, 1e-4f);
            assertArrayEquals(one.get(1), scoresInBatch, 1e-5f);
            float best = 0;
            for (float s : scoresInBatch) {
                assertTrue(s >= 0 && s <= 1, "scores are probabilities");
                best = Math.max(best, s);
            }
            assertTrue(best > 0.9f, "a photo of people has a confident face, best score " + best);
        }
    }

    private static float[] batch(List<DecodedImage> images) {
        float[] batch = new float[images.size() * SsdInput.VALUES_PER_IMAGE];
        for (int i = 0; i < images.size(); i++) {
            SsdInput.fill(images.get(i), SsdCanvas.of(images.get(i)), batch, i);
        }
        return batch;
    }
}
