package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.ChipViews;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.dlib.DlibJitter;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.onnx.ActivationRange;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.testing.Calibration;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activation ranges the 8-bit recogniser is built with ({@link CalibratedRanges}) are what its calibration
 * recipe measures: every face of the sample's nine group photos (none from LFW), each with its mirror image and
 * eight of dlib's jitters, through the float net, least and greatest value per point. With
 * {@code -Drecogniser.calibration=write} the test writes the resource instead (then run
 * {@code bin/faceembed models install} again).
 */
class RecogniserCalibrationTest {

    private static final int JITTERS = 8;
    /** How far a remeasured bound may lie from the committed one, as a share of the range (other CPUs' rounding). */
    private static final double TOLERANCE = 0.01;

    @TempDir
    Path tmp;

    @Test
    void committedRangesAreWhatTheRecipeMeasures() throws Exception {
        List<FaceChip> faces = DlibChips.of(DlibChips.jpegs(TestPaths.sample().resolve("scenes"), 1), false);
        List<FaceChip> chips = new ArrayList<>();
        for (FaceChip face : faces) {
            chips.addAll(ChipViews.MIRROR.of(face));
            chips.addAll(new DlibJitter(JITTERS).of(face));
        }
        List<ActivationRange> measured = measure(chips);

        assertTrue(faces.size() >= 30, "only " + faces.size() + " faces in the group photos");
        Calibration.checkOrWrite("recogniser.calibration", CalibratedRanges.RECOGNISER, List.of(
                "Activation ranges of dlib's recogniser for its 8-bit form (FaceRecognitionConverter.convertInt8):"
                        + " point, least value, greatest value.",
                "Measured by RecogniserCalibrationTest on " + faces.size() + " faces of ../shared/faces/sample/scenes,"
                        + " each with its mirror image and " + JITTERS + " dlib jitters (" + chips.size() + " chips)."),
                measured, TOLERANCE);
    }

    /** Least and greatest value at each quantization point over {@code chips}. */
    private List<ActivationRange> measure(List<FaceChip> chips) throws Exception {
        TfjsWeights weights = TfjsWeights.read(InstalledModels.faceApiPackage().resolve("model")
                .resolve(BuiltInModel.FACE_RECOGNITION.weightsManifest()));
        Path graph = tmp.resolve("calibration.onnx");
        Files.write(graph, FaceRecognitionConverter.calibrationGraph(weights));
        return Calibration.measure(graph, chips, FaceRecognitionConverter.ACTIVATION_POINTS,
                FaceRecognitionConverter.ACTIVATION_OUTPUT);
    }
}
