package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.Precision;
import io.faceembed.testing.DlibChips;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The installed float16 models agree with the float32 ones on real faces, as ONNX Runtime's CPU provider runs them
 * and with float16 arithmetic emulated: the same faces found, landmarks within a fraction of a pixel, embeddings at
 * cosine 0.999 or more. Each test prints its figures (README "Models").
 */
class HalfPrecisionAgreementTest {

    /** Every how-many-th LFW image (in path order) gives a face for the embedding comparison. */
    private static final int LFW_STRIDE = 12;
    private static final int BATCH = 16;
    private static final int LANDMARK_INPUT = FaceLandmark68Detector.INPUT_SIZE;

    /** How the float16 models run, and what share of faces their detector may place on another, overlapping box. */
    enum Half {
        /** The installed {@code _fp16.onnx} files on ONNX Runtime's CPU provider (float32 kernels inside). */
        FILE_ON_CPU(0),
        /**
         * Those graphs with every value they hold rounded to a half ({@link Float16Arithmetic}), as on a GPU. Where
         * two anchors' boxes score within float16's noise of each other, the other one may win non-maximum
         * suppression: on Jonathan_Edwards_0003.jpg the float32 winner scores 0.98212, a box inside it (IoU 0.82)
         * 0.98215 in float16.
         */
        ARITHMETIC(0.01);

        final double movedShare;

        Half(double movedShare) {
            this.movedShare = movedShare;
        }
    }

    @TempDir
    static Path tmp;
    private static final Map<BuiltInModel, OnnxModel> FULL = new EnumMap<>(BuiltInModel.class);
    private static final Map<Half, Map<BuiltInModel, OnnxModel>> HALF = new EnumMap<>(Half.class);
    private static List<FaceChip> lfwChips;

    @BeforeAll
    static void load() throws IOException {
        Path dir = InstalledModels.dir();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        for (Half h : Half.values()) {
            HALF.put(h, new EnumMap<>(BuiltInModel.class));
        }
        for (BuiltInModel m : List.of(BuiltInModel.SSD_MOBILENET_V1, BuiltInModel.FACE_LANDMARK_68,
                BuiltInModel.FACE_RECOGNITION)) {
            FULL.put(m, new OnnxModel(dir.resolve(m.onnxFile(Precision.FP32)), cpu));
            Path half = dir.resolve(m.onnxFile(Precision.FP16));
            HALF.get(Half.FILE_ON_CPU).put(m, new OnnxModel(half, cpu));
            Path arithmetic = tmp.resolve(m.onnxFile(Precision.FP16));
            Files.write(arithmetic, Float16Arithmetic.of(ModelProto.parseFrom(Files.readAllBytes(half))).toByteArray());
            HALF.get(Half.ARITHMETIC).put(m, new OnnxModel(arithmetic, cpu));
        }
    }

    @AfterAll
    static void close() {
        FULL.values().forEach(OnnxModel::close);
        HALF.values().forEach(models -> models.values().forEach(OnnxModel::close));
    }

    @ParameterizedTest
    @EnumSource(Half.class)
    void detectorFindsTheSameFacesOnTheSamplePortraits(Half run) throws Exception {
        List<DecodedImage> images = decode(jpegs(TestPaths.people()));
        List<List<Detection>> full = detect(FULL.get(BuiltInModel.SSD_MOBILENET_V1), images);
        List<List<Detection>> half = detect(HALF.get(run).get(BuiltInModel.SSD_MOBILENET_V1), images);

        int faces = 0;
        int moved = 0;
        double worstIou = 1;
        double worstScore = 0;
        List<String> differentCounts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (full.get(i).size() != half.get(i).size()) {
                differentCounts.add("image " + i + ": " + full.get(i) + " vs " + half.get(i));
            }
            for (Detection d : full.get(i)) {
                Detection match = half.get(i).stream().max(Comparator.comparingDouble(d::iou)).orElse(null);
                double iou = match == null ? 0 : d.iou(match);
                faces++;
                moved += iou < 0.95 ? 1 : 0;
                worstIou = Math.min(worstIou, iou);
                worstScore = Math.max(worstScore, match == null ? 1 : Math.abs(d.score() - match.score()));
            }
        }
        System.out.printf(Locale.ROOT, "fp16 detector (" + run + "): %d images, %d faces, same count on %d, IoU"
                        + " < 0.95 on %d faces, worst IoU %.4f, largest score difference %.5f%n", images.size(), faces,
                images.size() - differentCounts.size(), moved, worstIou, worstScore);
        assertTrue(faces >= images.size(), "the float32 detector found only " + faces + " faces");
        assertEquals(List.of(), differentCounts, "images where fp16 finds another number of faces");
        assertTrue(moved <= run.movedShare * faces, moved + " faces with IoU < 0.95, worst " + worstIou);
        assertTrue(worstIou >= 0.5, "worst IoU " + worstIou);
        assertTrue(worstScore <= 0.01, "largest score difference " + worstScore);
    }

    @ParameterizedTest
    @EnumSource(Half.class)
    void landmarksStayWithinAFractionOfAPixelOfTheNetsInput(Half run) throws Exception {
        List<DecodedImage> images = decode(jpegs(TestPaths.people()));
        List<List<Detection>> detections = detect(FULL.get(BuiltInModel.SSD_MOBILENET_V1), images);
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            for (Detection d : detections.get(i)) {
                PixelBox crop = PixelBox.clipLikeFaceApi(d.x1(), d.y1(), d.width(), d.height(),
                        images.get(i).width(), images.get(i).height());
                if (crop != null) {
                    float[] input = new float[3 * LANDMARK_INPUT * LANDMARK_INPUT];
                    ChipSampler.resizeBox(images.get(i), crop, true, LANDMARK_INPUT, input, 0);
                    inputs.add(input);
                }
            }
        }
        double sum = 0;
        double worstFace = 0;
        int points = 0;
        for (float[] input : inputs) {
            float[] full = FULL.get(BuiltInModel.FACE_LANDMARK_68).run(input, 1, 3, LANDMARK_INPUT, LANDMARK_INPUT)
                    .get(0);
            float[] half = HALF.get(run).get(BuiltInModel.FACE_LANDMARK_68)
                    .run(input, 1, 3, LANDMARK_INPUT, LANDMARK_INPUT).get(0);
            double face = 0;
            for (int p = 0; p < 68; p++) {
                double dx = (full[2 * p] - half[2 * p]) * LANDMARK_INPUT;
                double dy = (full[2 * p + 1] - half[2 * p + 1]) * LANDMARK_INPUT;
                face += Math.hypot(dx, dy);
            }
            sum += face;
            points += 68;
            worstFace = Math.max(worstFace, face / 68);
        }
        double mean = sum / points;
        System.out.printf(Locale.ROOT, "fp16 landmarks (" + run + "): %d faces, mean point distance %.4f px of the %d px input,"
                + " worst face's mean %.4f px%n", inputs.size(), mean, LANDMARK_INPUT, worstFace);
        assertTrue(inputs.size() >= images.size(), "only " + inputs.size() + " faces");
        assertTrue(mean <= 0.1, "mean point distance " + mean + " px");
        assertTrue(worstFace <= 0.5, "worst face's mean point distance " + worstFace + " px");
    }

    @ParameterizedTest
    @EnumSource(Half.class)
    void embeddingsOfAlignedLfwChipsAgreeAtCosine0999(Half run) throws Exception {
        List<FaceChip> chips = lfwChips();
        double[] cosines = DlibChips.sortedCosines(FULL.get(BuiltInModel.FACE_RECOGNITION),
                HALF.get(run).get(BuiltInModel.FACE_RECOGNITION), chips);
        System.out.printf(Locale.ROOT, "fp16 embeddings (" + run + "): %d LFW faces, cosine min %.7f, median %.7f%n",
                cosines.length, cosines[0], cosines[cosines.length / 2]);
        assertTrue(cosines.length >= 250, "only " + cosines.length + " faces");
        assertTrue(cosines[0] >= 0.999, "lowest cosine " + cosines[0]);
    }

    /**
     * Chips of every {@link #LFW_STRIDE}-th LFW image, cut as the Dlib pipeline cuts them: float32 detector (the
     * best face), landmarks and similarity alignment. Made once.
     */
    private static synchronized List<FaceChip> lfwChips() throws Exception {
        if (lfwChips == null) {
            lfwChips = DlibChips.of(DlibChips.jpegs(TestPaths.lfwDev().resolve("images"), LFW_STRIDE), true);
        }
        return lfwChips;
    }

    private static List<List<Detection>> detect(OnnxModel model, List<DecodedImage> images) {
        SsdMobilenetDetector detector = new SsdMobilenetDetector(model, SsdSettings.defaults());
        List<List<Detection>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i += BATCH) {
            out.addAll(detector.detect(images.subList(i, Math.min(images.size(), i + BATCH))));
        }
        return out;
    }

    private static List<DecodedImage> decode(List<Path> files) throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        List<DecodedImage> images = new ArrayList<>();
        for (Path f : files) {
            images.add(decoder.decode(Files.readAllBytes(f), f.toString()));
        }
        return images;
    }

    private static List<Path> jpegs(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        }
    }
}
