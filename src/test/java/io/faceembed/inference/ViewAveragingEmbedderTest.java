package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.dlib.DlibJitter;
import io.faceembed.inference.landmarks.LandmarkFixtures;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.BuiltInModel;
import io.faceembed.search.Vectors;
import io.faceembed.testing.InstalledModels;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Test-time augmentation with the real recogniser on real faces. */
class ViewAveragingEmbedderTest {

    private static DlibEmbedder network;
    private static List<FaceChip> chips;

    @BeforeAll
    static void load() {
        network = new DlibEmbedder(new OnnxModel(InstalledModels.dir().resolve(
                BuiltInModel.FACE_RECOGNITION.onnxFile()), SessionOptionsFactory.cpu(0)));
        // the middle 150x150 of LFW portraits: faces, roughly framed
        chips = LandmarkFixtures.portraits(1).stream().limit(6).map(LandmarkFixtures::read)
                .map(image -> new DlibChipAligner(DlibChipAligner.Fit.BOX).align(
                        new FaceRef(image, new Detection(75, 75, 175, 175, 1f, null)), null))
                .toList();
    }

    @AfterAll
    static void close() {
        network.close();
    }

    @Test
    void withMirrorViewsAFaceAndItsMirrorImageGetOneEmbedding() {
        ViewAveragingEmbedder mirrored = new ViewAveragingEmbedder(network, ChipViews.MIRROR);
        float[][] plain = network.embed(chips);
        float[][] averaged = mirrored.embed(chips);
        float[][] ofMirrors = mirrored.embed(chips.stream().map(ChipViews::mirrored).toList());
        for (int i = 0; i < chips.size(); i++) {
            assertEquals(1.0, cosine(averaged[i], ofMirrors[i]), 1e-5, "face " + i);
            double toPlain = cosine(averaged[i], plain[i]);
            assertTrue(toPlain > 0.95 && toPlain < 0.99999, "face " + i + ": cosine to the plain embedding " + toPlain);
        }
    }

    @Test
    void jitteredViewsAreTheSameInEveryCallAndBatch() {
        DlibJitter jitter = new DlibJitter(4);
        List<FaceChip> views = jitter.of(chips.get(0));
        assertEquals(4, views.size());
        for (FaceChip view : views) {
            assertEquals(chips.get(0).size(), view.size());
        }
        ViewAveragingEmbedder jittered = new ViewAveragingEmbedder(network, jitter);
        float[] alone = jittered.embed(List.of(chips.get(2)))[0];
        float[] inBatch = jittered.embed(chips)[2];
        assertEquals(1.0, cosine(alone, inBatch), 1e-6);
        assertTrue(cosine(alone, network.embed(List.of(chips.get(2)))[0]) > 0.95);
    }

    private static double cosine(float[] a, float[] b) {
        return Vectors.dot(Vectors.normalized(a), Vectors.normalized(b));
    }
}
