package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.ChipViews;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.onnx.ActivationRange;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.testing.Calibration;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.LandmarkCrops;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activation ranges the 8-bit landmark net is built with ({@link CalibratedRanges#LANDMARKS}) are what its
 * calibration recipe measures: every face of the sample's nine group photos (none from LFW), its box and
 * {@value #JITTERS} moved and scaled copies of it, each crop with its mirror image, through the float net, least and
 * greatest value per point. With {@code -Dlandmarks.calibration=write} the test writes the resource instead (then
 * delete {@code models/face_landmark_68_int8.*} and run {@code bin/faceembed models install}).
 */
class LandmarkCalibrationTest {

    private static final int JITTERS = 8;
    private static final long SEED = 68;
    /** How far a remeasured bound may lie from the committed one, as a share of the range (other CPUs' rounding). */
    private static final double TOLERANCE = 0.01;

    @TempDir
    Path tmp;

    @Test
    void committedRangesAreWhatTheRecipeMeasures() throws Exception {
        List<FaceRef> faces = DlibChips.faces(DlibChips.jpegs(TestPaths.sample().resolve("scenes"), 1), false);
        List<FaceChip> crops = new ArrayList<>();
        for (FaceChip crop : LandmarkCrops.of(LandmarkCrops.withJitteredBoxes(faces, JITTERS, SEED))) {
            crops.addAll(ChipViews.MIRROR.of(crop));
        }
        TfjsWeights weights = TfjsWeights.read(InstalledModels.faceApiPackage().resolve("model")
                .resolve(BuiltInModel.FACE_LANDMARK_68.weightsManifest()));
        Path graph = tmp.resolve("calibration.onnx");
        Files.write(graph, FaceLandmark68Converter.calibrationGraph(weights));
        List<ActivationRange> measured = Calibration.measure(graph, crops,
                FaceLandmark68Converter.ACTIVATION_POINTS, FaceLandmark68Converter.ACTIVATION_OUTPUT);

        assertTrue(faces.size() >= 30, "only " + faces.size() + " faces in the group photos");
        Calibration.checkOrWrite("landmarks.calibration", CalibratedRanges.LANDMARKS, List.of(
                "Activation ranges of face-api's landmark net for its 8-bit form"
                        + " (FaceLandmark68Converter.convertInt8): point, least value, greatest value.",
                "Measured by LandmarkCalibrationTest on " + faces.size() + " faces of ../shared/faces/sample/scenes,"
                        + " each box with " + JITTERS + " moved and scaled copies, each crop with its mirror image ("
                        + crops.size() + " crops)."),
                measured, TOLERANCE);
    }
}
