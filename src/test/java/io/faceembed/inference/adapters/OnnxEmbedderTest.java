package io.faceembed.inference.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbedderTest {

    @TempDir
    Path dir;

    /** A chip whose value at (c, y, x) is (60 * c + x + 2 * y + seed) % 256. */
    private static FaceChip chip(int size, int seed) {
        float[] chw = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    chw[(c * size + y) * size + x] = (60 * c + x + 2 * y + seed) % 256;
                }
            }
        }
        return new FaceChip(size, chw);
    }

    /** The test model's output for one chip already normalised to {@code v} (planar, RGB). */
    private static float[] expected(float[] v, int size, int dimension) {
        int plane = size * size;
        double[] f = new double[4];
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int p = 0; p < plane; p++) {
                sum += v[c * plane + p];
            }
            f[c] = sum / plane;
        }
        f[3] = v[plane + size + 2];
        float[] out = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            out[j] = (float) (f[j % 4] * (1 + j / 4));
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-4 * Math.max(1, Math.abs(expected[i])), "value " + i);
        }
    }

    @Test
    void arcFaceFeedsRgbScaledByInsightFaceConstantsInNchw() throws Exception {
        Path file = TestModels.embedder(dir, "arcface.onnx", TensorLayout.NCHW, 112, 512);
        try (ArcFaceEmbedder embedder = new ArcFaceEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "ArcFace")) {
            assertEquals(512, embedder.dimension());
            assertEquals(112, embedder.inputSize());
            assertEquals(TensorLayout.NCHW, embedder.layout());
            FaceChip a = chip(112, 0);
            FaceChip b = chip(112, 77);
            float[][] out = embedder.embed(List.of(a, b));
            for (int k = 0; k < 2; k++) {
                float[] v = (k == 0 ? a : b).chw().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (v[i] - 127.5f) / 127.5f;
                }
                assertClose(expected(v, 112, 512), out[k]);
            }
        }
    }

    @Test
    void arcFaceNormalisationSendsBlackToMinusOneAndWhiteToOne() throws Exception {
        Path file = TestModels.embedder(dir, "arcface.onnx", TensorLayout.NCHW, 112, 8);
        try (ArcFaceEmbedder embedder = new ArcFaceEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "ArcFace")) {
            float[] chw = new float[3 * 112 * 112];
            java.util.Arrays.fill(chw, 0, 112 * 112, 255f);      // red plane white, green and blue black
            float[] out = embedder.embed(List.of(new FaceChip(112, chw)))[0];
            assertArrayEquals(new float[] {1f, -1f, -1f, -1f, 2f, -2f, -2f, -2f}, out, 1e-5f);
        }
    }

    @Test
    void facenetStandardisesEachImageAndReadsTheKerasNhwcLayout() throws Exception {
        Path file = TestModels.embedder(dir, "facenet512.onnx", TensorLayout.NHWC, 160, 512);
        try (FacenetEmbedder embedder = new FacenetEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "Facenet512")) {
            assertEquals(TensorLayout.NHWC, embedder.layout());
            assertEquals(160, embedder.inputSize());
            assertEquals(512, embedder.dimension());
            FaceChip c = chip(160, 5);
            float[] v = c.chw().clone();
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            double std = Math.sqrt(var / v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((v[i] - mean) / std);
            }
            assertClose(expected(v, 160, 512), embedder.embed(List.of(c))[0]);
        }
    }

    @Test
    void facenetOfThreeFlatChannelsGivesTheirStandardScores() throws Exception {
        Path file = TestModels.embedder(dir, "facenet.onnx", TensorLayout.NHWC, 160, 128);
        try (FacenetEmbedder embedder = new FacenetEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "Facenet")) {
            assertEquals(128, embedder.dimension());
            float[] chw = new float[3 * 160 * 160];
            java.util.Arrays.fill(chw, 160 * 160, 2 * 160 * 160, 100f);
            java.util.Arrays.fill(chw, 2 * 160 * 160, chw.length, 200f);
            // R=0, G=100, B=200: mean 100, std sqrt(20000/3) = 81.6497
            float z = (float) (100 / Math.sqrt(20000.0 / 3));
            float[] out = embedder.embed(List.of(new FaceChip(160, chw)))[0];
            assertArrayEquals(new float[] {-z, 0f, z, 0f}, java.util.Arrays.copyOf(out, 4), 1e-4f);
        }
    }

    @Test
    void bgrPreprocessingSwapsRedAndBlue() throws Exception {
        Path file = TestModels.embedder(dir, "custom.onnx", TensorLayout.NCHW, 112, 4);
        ChipPreprocessing bgrRaw = new ChipPreprocessing(Normalization.RAW, true);
        try (ArcFaceEmbedder embedder = new ArcFaceEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "custom", bgrRaw)) {
            float[] chw = new float[3 * 112 * 112];
            java.util.Arrays.fill(chw, 0, 112 * 112, 10f);
            java.util.Arrays.fill(chw, 2 * 112 * 112, chw.length, 30f);
            assertArrayEquals(new float[] {30f, 0f, 10f, 0f},
                    embedder.embed(List.of(new FaceChip(112, chw)))[0], 1e-4f);
        }
    }

    @Test
    void chipOfTheWrongSizeIsRefusedWithTheModelSize() throws Exception {
        Path file = TestModels.embedder(dir, "arcface.onnx", TensorLayout.NCHW, 112, 4);
        try (ArcFaceEmbedder embedder = new ArcFaceEmbedder(new OnnxModel(file, SessionOptionsFactory.cpu(1)), "ArcFace")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> embedder.embed(List.of(chip(150, 0))));
            assertTrue(e.getMessage().contains("112x112"), e.getMessage());
        }
    }
}
