package io.faceembed.eval;

import io.faceembed.config.Augmentation;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.testing.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * LFW-dev verification when each face's embedding is the mean of the embeddings of two chips, one placed by
 * dlib's 68-point fit and one by its 5-point fit (both mirrored): whether two alignments average out each one's
 * landmark error. Measures, never asserts: {@code mvn test -Dtest=AlignmentEnsembleReport}.
 */
class AlignmentEnsembleReport {

    @Test
    void accuracyOfTheMeanOfTwoFits() throws Exception {
        Path images = TestPaths.lfwDev().resolve("images");
        PairsFile pairs = PairsFile.read(TestPaths.lfwDev().resolve("pairs.txt"), images);
        for (boolean mirrorChips : new boolean[] {false, true}) {
            try (FacePipeline both = new MeanOfPipelines(
                    AlignmentFitReport.pipeline(DlibChipAligner.Fit.POINTS_68, true, mirrorChips, "ensemble"),
                    AlignmentFitReport.pipeline(DlibChipAligner.Fit.POINTS_5, true, mirrorChips, "ensemble"))) {
                EvalResult r = new EmbeddingEvaluator(both, 16, line -> { }).evaluate(pairs, images);
                System.out.printf(Locale.ROOT, "fits 68+5, landmarks mirrored, chips mirrored %s: accuracy %.4f +-"
                                + " %.4f, ROC AUC %.4f, threshold %.4f, pairs with no face %d, %.1f s%n", mirrorChips,
                        r.metrics().accuracy(), r.metrics().std(), r.metrics().auc(), r.metrics().threshold(),
                        r.noFacePairs().size(), r.seconds());
            }
        }
    }

    /** Two pipelines with the same detector: face i of an image gets the normalised mean of both embeddings. */
    private record MeanOfPipelines(FacePipeline first, FacePipeline second) implements FacePipeline {

        @Override
        public List<ImageOutcome> process(List<DecodedImage> images) {
            List<ImageOutcome> a = first.process(images);
            List<ImageOutcome> b = second.process(images);
            List<ImageOutcome> out = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                List<Face> fa = a.get(i).faces();
                List<Face> fb = b.get(i).faces();
                if (fa.size() != fb.size()) {
                    throw new IllegalStateException("the two pipelines found different faces in image " + i);
                }
                List<Face> faces = new ArrayList<>(fa.size());
                for (int f = 0; f < fa.size(); f++) {
                    faces.add(new Face(f, fa.get(f).detection(), fa.get(f).landmarks(),
                            mean(fa.get(f).embedding(), fb.get(f).embedding())));
                }
                out.add(a.get(i).status() == ImageOutcome.Status.OK ? ImageOutcome.ok(faces) : a.get(i));
            }
            return out;
        }

        private static float[] mean(float[] x, float[] y) {
            float[] m = new float[x.length];
            double norm = 0;
            for (int i = 0; i < m.length; i++) {
                m[i] = x[i] + y[i];
                norm += (double) m[i] * m[i];
            }
            for (int i = 0; i < m.length; i++) {
                m[i] /= (float) Math.sqrt(norm);
            }
            return m;
        }

        @Override
        public PipelineSignature signature() {
            return first.signature();
        }

        @Override
        public int embeddingDimension() {
            return first.embeddingDimension();
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }
}
