package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.OrtOps;
import io.faceembed.testing.TestPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed 8-bit recogniser ({@code --model Dlib-int8}) gives the float net's embeddings on LFW faces it was
 * not calibrated on, runs every conv as an integer kernel, and gives a face the same embedding whatever shares its
 * batch (its activation scales are fixed, not measured per call).
 */
class RecogniserInt8Test {

    private static final int LFW_STRIDE = 12;

    @TempDir
    Path tmp;

    @Test
    void embeddingsAgreeWithTheFloatNetOnLfwFaces() throws Exception {
        Path models = InstalledModels.dir();
        List<FaceChip> chips = DlibChips.of(DlibChips.jpegs(TestPaths.lfwDev().resolve("images"), LFW_STRIDE), true);
        double[] cosines;
        try (OnnxModel f = open(models, BuiltInModel.FACE_RECOGNITION);
             OnnxModel q = open(models, BuiltInModel.FACE_RECOGNITION_INT8)) {
            cosines = DlibChips.sortedCosines(f, q, chips);
        }
        System.out.printf(Locale.ROOT, "int8 recogniser: %d LFW faces, cosine to float32 min %.4f, 5th percentile"
                        + " %.4f, median %.5f%n", cosines.length, cosines[0], cosines[cosines.length / 20],
                cosines[cosines.length / 2]);
        assertTrue(cosines.length >= 250, "only " + cosines.length + " faces");
        assertTrue(cosines[cosines.length / 2] >= 0.999, "median cosine " + cosines[cosines.length / 2]);
        assertTrue(cosines[0] >= 0.99, "lowest cosine " + cosines[0]);
    }

    @Test
    void everyConvRunsAsAnIntegerKernel() throws Exception {
        Map<String, Integer> ops = OrtOps.asRun(InstalledModels.dir().resolve(
                BuiltInModel.FACE_RECOGNITION_INT8.onnxFile()), tmp);
        System.out.println("int8 recogniser as ONNX Runtime runs it: " + ops);
        assertEquals(29, ops.getOrDefault("QLinearConv", 0), ops.toString());
        assertEquals(0, ops.getOrDefault("Conv", 0) + ops.getOrDefault("FusedConv", 0), ops.toString());
        assertEquals(14, ops.getOrDefault("QLinearAdd", 0), "residual sums in 8 bits: " + ops);
    }

    @Test
    void aFacesEmbeddingDoesNotDependOnItsBatch() throws Exception {
        List<FaceChip> chips = DlibChips.of(DlibChips.jpegs(TestPaths.people(), 20), true);
        try (OnnxModel q = open(InstalledModels.dir(), BuiltInModel.FACE_RECOGNITION_INT8)) {
            DlibEmbedder embedder = new DlibEmbedder(q);
            float[][] together = embedder.embed(chips);
            for (int i = 0; i < chips.size(); i++) {
                assertArrayEquals(together[i], embedder.embed(List.of(chips.get(i)))[0], 1e-6f, "face " + i);
            }
        }
    }

    private static OnnxModel open(Path models, BuiltInModel model) {
        return new OnnxModel(models.resolve(model.onnxFile()), SessionOptionsFactory.cpu(1));
    }
}
