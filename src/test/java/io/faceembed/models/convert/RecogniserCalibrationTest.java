package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.ChipViews;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.dlib.DlibJitter;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.onnx.ActivationRange;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activation ranges the 8-bit recogniser is built with ({@link RecogniserRanges}) are what its calibration
 * recipe measures: every face of the sample's nine group photos (none from LFW), each with its mirror image and
 * eight of dlib's jitters, through the float net, least and greatest value per point. With
 * {@code -Drecogniser.calibration=write} the test writes the resource instead (then run
 * {@code bin/faceembed models install} again).
 */
class RecogniserCalibrationTest {

    private static final int JITTERS = 8;
    /** How far a remeasured bound may lie from the committed one, as a share of the range (other CPUs' rounding). */
    private static final double TOLERANCE = 0.01;
    private static final Path SOURCE = Path.of("src/main/resources/io/faceembed/models/convert",
            RecogniserRanges.RESOURCE);

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

        if ("write".equals(System.getProperty("recogniser.calibration"))) {
            List<String> header = List.of("Activation ranges of dlib's recogniser for its 8-bit form"
                            + " (FaceRecognitionConverter.convertInt8): point, least value, greatest value.",
                    "Measured by RecogniserCalibrationTest on " + faces.size() + " faces of"
                            + " ../shared/faces/sample/scenes, each with its mirror image and " + JITTERS
                            + " dlib jitters (" + chips.size() + " chips).");
            Files.write(SOURCE, RecogniserRanges.format(header, measured), StandardCharsets.UTF_8);
            System.out.println("wrote " + SOURCE.toAbsolutePath());
            return;
        }
        List<ActivationRange> committed = RecogniserRanges.calibrated();
        assertEquals(FaceRecognitionConverter.ACTIVATION_POINTS, committed.size());
        assertTrue(faces.size() >= 30, "only " + faces.size() + " faces in the group photos");
        for (int p = 0; p < committed.size(); p++) {
            ActivationRange c = committed.get(p);
            ActivationRange m = measured.get(p);
            double slack = TOLERANCE * (c.max() - c.min());
            assertTrue(Math.abs(c.min() - m.min()) <= slack && Math.abs(c.max() - m.max()) <= slack,
                    String.format(Locale.ROOT, "point %d: committed [%s, %s], measured [%s, %s]", p, c.min(),
                            c.max(), m.min(), m.max()));
        }
    }

    /** Least and greatest value at each quantization point over {@code chips}. */
    private List<ActivationRange> measure(List<FaceChip> chips) throws Exception {
        TfjsWeights weights = TfjsWeights.read(InstalledModels.faceApiPackage().resolve("model")
                .resolve(BuiltInModel.FACE_RECOGNITION.weightsManifest()));
        Path graph = tmp.resolve("calibration.onnx");
        Files.write(graph, FaceRecognitionConverter.calibrationGraph(weights));
        int points = FaceRecognitionConverter.ACTIVATION_POINTS;
        float[] min = new float[points];
        float[] max = new float[points];
        int plane = 3 * DlibEmbedder.CHIP_SIZE * DlibEmbedder.CHIP_SIZE;
        try (OnnxModel model = new OnnxModel(graph, SessionOptionsFactory.cpu(0))) {
            List<String> names = model.outputNames();
            for (int b = 0; b < chips.size(); b += 16) {
                List<FaceChip> batch = chips.subList(b, Math.min(chips.size(), b + 16));
                float[] input = new float[batch.size() * plane];
                for (int i = 0; i < batch.size(); i++) {
                    System.arraycopy(batch.get(i).chw(), 0, input, i * plane, plane);
                }
                OnnxModel.Outputs out = model.run(input, batch.size(), 3, DlibEmbedder.CHIP_SIZE,
                        DlibEmbedder.CHIP_SIZE);
                for (int o = 0; o < names.size(); o++) {
                    if (!names.get(o).startsWith(FaceRecognitionConverter.ACTIVATION_OUTPUT)) {
                        continue;
                    }
                    int p = Integer.parseInt(names.get(o).substring(
                            FaceRecognitionConverter.ACTIVATION_OUTPUT.length()));
                    for (float v : out.get(o)) {
                        min[p] = Math.min(min[p], v);
                        max[p] = Math.max(max[p], v);
                    }
                }
            }
        }
        List<ActivationRange> ranges = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            ranges.add(new ActivationRange(min[p], max[p]));
        }
        return ranges;
    }
}
