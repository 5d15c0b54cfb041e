package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.OrtOps;
import io.faceembed.testing.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed 8-bit landmark net (part of {@code --model Dlib-int8}) places the float net's points on LFW faces
 * it was not calibrated on, closely enough that the chips cut from its points embed as the float net's chips do;
 * every conv and sum runs as an integer kernel, and a face's points do not depend on its batch.
 */
class LandmarkInt8Test {

    private static final int LFW_STRIDE = 12;

    private static List<FaceRef> faces;

    @TempDir
    Path tmp;

    @BeforeAll
    static void detect() throws Exception {
        faces = DlibChips.faces(DlibChips.jpegs(TestPaths.lfwDev().resolve("images"), LFW_STRIDE), true);
    }

    @Test
    void pointsAndChipsAgreeWithTheFloatNetOnLfwFaces() throws Exception {
        List<float[]> reference;
        List<float[]> quantized;
        try (OnnxModel f = open(BuiltInModel.FACE_LANDMARK_68);
             OnnxModel q = open(BuiltInModel.FACE_LANDMARK_68_INT8)) {
            // as the pipeline reads them by default: each face and its mirror image
            reference = new FaceLandmark68Detector(f, 16, true).locate(faces);
            quantized = new FaceLandmark68Detector(q, 16, true).locate(faces);
        }
        double[] errors = new double[faces.size()];
        DlibChipAligner aligner = new DlibChipAligner(DlibChipAligner.Fit.POINTS_68);
        List<FaceChip> fromFloat = new ArrayList<>();
        List<FaceChip> fromInt8 = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            // mean distance over the 68 points, as a share of the face box's width
            double sum = 0;
            for (int k = 0; k < 68; k++) {
                sum += Math.hypot(reference.get(i)[2 * k] - quantized.get(i)[2 * k],
                        reference.get(i)[2 * k + 1] - quantized.get(i)[2 * k + 1]);
            }
            errors[i] = sum / 68 / faces.get(i).detection().width();
            fromFloat.add(aligner.align(faces.get(i), reference.get(i)));
            fromInt8.add(aligner.align(faces.get(i), quantized.get(i)));
        }
        Arrays.sort(errors);
        double[] cosines = chipCosines(fromFloat, fromInt8);
        System.out.printf(Locale.ROOT, "int8 landmarks: %d LFW faces, mean point error / box width median %.4f,"
                        + " 95th percentile %.4f, max %.4f; embedding cosine of the chips min %.4f, 5th percentile"
                        + " %.4f, median %.5f%n", errors.length, errors[errors.length / 2],
                errors[errors.length * 95 / 100], errors[errors.length - 1], cosines[0],
                cosines[cosines.length / 20], cosines[cosines.length / 2]);
        assertTrue(faces.size() >= 250, "only " + faces.size() + " faces");
        assertTrue(errors[errors.length / 2] <= 0.005, "median point error " + errors[errors.length / 2]);
        assertTrue(errors[errors.length * 95 / 100] <= 0.009, "95th percentile " + errors[errors.length * 95 / 100]);
        assertTrue(cosines[cosines.length / 2] >= 0.999, "median cosine " + cosines[cosines.length / 2]);
        assertTrue(cosines[cosines.length / 20] >= 0.998, "5th percentile cosine " + cosines[cosines.length / 20]);
    }

    @Test
    void everyConvAndSumRunsAsAnIntegerKernel() throws Exception {
        Map<String, Integer> ops = OrtOps.asRun(InstalledModels.dir().resolve(
                BuiltInModel.FACE_LANDMARK_68_INT8.onnxFile()), tmp);
        System.out.println("int8 landmark net as ONNX Runtime runs it: " + ops);
        // the first block: a plain conv and three separable ones; the others: four separable ones (two convs each)
        assertEquals(1 + 3 * 2 + 3 * 4 * 2, ops.getOrDefault("QLinearConv", 0), ops.toString());
        assertEquals(0, ops.getOrDefault("Conv", 0) + ops.getOrDefault("FusedConv", 0), ops.toString());
        assertEquals(4 * 6, ops.getOrDefault("QLinearAdd", 0), "the dense blocks' sums in 8 bits: " + ops);
    }

    @Test
    void aFacesPointsDoNotDependOnItsBatch() {
        List<FaceRef> some = faces.subList(0, 12);
        try (OnnxModel q = open(BuiltInModel.FACE_LANDMARK_68_INT8)) {
            FaceLandmark68Detector landmarks = new FaceLandmark68Detector(q, 16, false);
            List<float[]> together = landmarks.locate(some);
            for (int i = 0; i < some.size(); i++) {
                assertArrayEquals(together.get(i), landmarks.locate(List.of(some.get(i))).get(0), 1e-4f, "face " + i);
            }
        }
    }

    private static double[] chipCosines(List<FaceChip> a, List<FaceChip> b) {
        try (OnnxModel recogniser = open(BuiltInModel.FACE_RECOGNITION)) {
            return DlibChips.cosinesOfTwoChipSets(recogniser, a, b);
        }
    }

    private static OnnxModel open(BuiltInModel model) {
        return new OnnxModel(InstalledModels.dir().resolve(model.onnxFile()), SessionOptionsFactory.cpu(1));
    }
}
