package io.faceembed.eval;

import io.faceembed.config.Augmentation;
import io.faceembed.inference.ChipViews;
import io.faceembed.inference.DefaultFacePipeline;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.ViewAveragingEmbedder;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * LFW-dev verification for each way of placing dlib's chip (68 points, 5 points, the detection box) with and
 * without mirroring, the README's alignment rows. Measures, never asserts; the default pipeline is
 * {@code faceembed eval}'s: {@code mvn test -Dtest=AlignmentFitReport} (about 15 minutes on 2 cores).
 */
class AlignmentFitReport {

    @Test
    void accuracyPerFitAndMirroring() throws Exception {
        Path images = TestPaths.lfwDev().resolve("images");
        PairsFile pairs = PairsFile.read(TestPaths.lfwDev().resolve("pairs.txt"), images);
        for (DlibChipAligner.Fit fit : DlibChipAligner.Fit.values()) {
            for (Augmentation augment : List.of(Augmentation.NONE, Augmentation.MIRROR)) {
                try (FacePipeline pipeline = pipeline(fit, augment)) {
                    EvalResult r = new EmbeddingEvaluator(pipeline, 16, line -> { }).evaluate(pairs, images);
                    System.out.printf(Locale.ROOT, "fit %-3s augment %-6s: accuracy %.4f +- %.4f, ROC AUC %.4f,"
                                    + " threshold %.4f, pairs with no face %d, %.1f s%n", fit.tag(), augment.label(),
                            r.metrics().accuracy(), r.metrics().std(), r.metrics().auc(), r.metrics().threshold(),
                            r.noFacePairs().size(), r.seconds());
                }
            }
        }
    }

    static FacePipeline pipeline(DlibChipAligner.Fit fit, Augmentation augment) {
        return pipeline(fit, augment.mirror(), augment.mirror(), augment.label());
    }

    /** With the landmark net's and the recogniser's mirror averaging chosen apart. */
    static FacePipeline pipeline(DlibChipAligner.Fit fit, boolean mirrorLandmarks, boolean mirrorChips, String label) {
        Path dir = InstalledModels.dir();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        OnnxModel ssd = new OnnxModel(dir.resolve(BuiltInModel.SSD_MOBILENET_V1.onnxFile()), cpu);
        OnnxModel landmarks = new OnnxModel(dir.resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()), cpu);
        OnnxModel recogniser = new OnnxModel(dir.resolve(BuiltInModel.FACE_RECOGNITION.onnxFile()), cpu);
        SsdSettings settings = SsdSettings.defaults().withFallbackMinConfidence(SsdSettings.FALLBACK_MIN_CONFIDENCE);
        FaceEmbedder embedder = new DlibEmbedder(recogniser);
        if (mirrorChips) {
            embedder = new ViewAveragingEmbedder(embedder, ChipViews.MIRROR);
        }
        DlibChipAligner aligner = new DlibChipAligner(fit);
        PipelineSignature signature = new PipelineSignature("Dlib", "ssd", null, null,
                aligner.version() + "+" + label);
        return new DefaultFacePipeline(new SsdMobilenetDetector(ssd, settings),
                new FaceLandmark68Detector(landmarks, 32, mirrorLandmarks), aligner, embedder, signature,
                List.of(ssd, landmarks, recogniser), "CPU");
    }
}
