package io.faceembed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingEvaluatorTest {

    @TempDir
    Path tmp;

    private static final String BLIND_IMAGE = "people/Abdullah_Gul/Abdullah_Gul_0001.jpg";

    @Test
    void samplePairsAreEvaluatedEndToEndWithEveryImageEmbeddedOnce() throws Exception {
        PairsFile pairs = PairsFile.read(TestPaths.sample().resolve("pairs.csv"), null);
        CentreHistogramPipeline pipeline = new CentreHistogramPipeline(Set.of(), false);
        List<String> progress = new ArrayList<>();

        EvalResult r = new EmbeddingEvaluator(pipeline, 16, progress::add).evaluate(pairs, TestPaths.sample());

        long distinct = pairs.pairs().stream().flatMap(p -> java.util.stream.Stream.of(p.left(), p.right())).distinct().count();
        assertEquals(distinct, r.images());
        assertEquals((distinct + 15) / 16, pipeline.calls, "each distinct image embedded once, 16 per call");
        assertEquals(16, pipeline.largestBatch);
        assertEquals(402, r.pairs());
        assertEquals(201, r.samePairs());
        assertEquals(10, r.metrics().folds().size());
        assertEquals(402, r.metrics().folds().stream().mapToInt(VerificationMetrics.Fold::pairs).sum());
        assertTrue(r.metrics().accuracy() >= 0 && r.metrics().accuracy() <= 1, "accuracy " + r.metrics().accuracy());
        assertTrue(r.metrics().auc() > 0.5, "colour histograms of the same person's portraits are more alike: AUC "
                + r.metrics().auc());
        assertTrue(r.noFacePairs().isEmpty());
        assertEquals("centre-histogram", r.model());
        assertTrue(progress.size() >= 2 && progress.get(0).startsWith("eval: 112/"), progress.toString());
        assertTrue(progress.get(progress.size() - 1).startsWith("eval: " + distinct + "/" + distinct + " "));
    }

    @Test
    void pairsWithAnImageWithoutFaceAreListedAndCountedAsErrors() throws Exception {
        PairsFile pairs = PairsFile.read(TestPaths.sample().resolve("pairs.csv"), null);
        Path blindPath = TestPaths.sample().resolve(BLIND_IMAGE);
        DecodedImage blind = new io.faceembed.imaging.ImageDecoder().decode(Files.readAllBytes(blindPath), blindPath.toString());
        CentreHistogramPipeline pipeline = new CentreHistogramPipeline(Set.of(CentreHistogramPipeline.pixelHash(blind)), false);

        EvalResult r = new EmbeddingEvaluator(pipeline, 16, null).evaluate(pairs, TestPaths.sample());

        List<PairsFile.Pair> expected = pairs.pairs().stream()
                .filter(p -> p.left().endsWith(BLIND_IMAGE) || p.right().endsWith(BLIND_IMAGE)).toList();
        assertTrue(expected.size() >= 2);
        assertEquals(expected.stream().map(PairsFile.Pair::line).toList(),
                r.noFacePairs().stream().map(EvalResult.NoFacePair::line).toList());
        EvalResult.NoFacePair first = r.noFacePairs().get(0);
        assertEquals(BLIND_IMAGE, first.left());
        assertEquals(List.of("left"), first.missing());
        assertEquals(List.of(new EvalResult.MissingImage(BLIND_IMAGE, "no_face", null)), r.imagesWithoutFace());

        assertEquals(402, r.metrics().folds().stream().mapToInt(VerificationMetrics.Fold::pairs).sum(), "nothing dropped");
        for (VerificationMetrics.Fold f : r.metrics().folds()) {
            long noFaceHere = r.noFacePairs().stream().filter(p -> p.fold() == f.fold()).count();
            assertTrue(f.correct() <= f.pairs() - noFaceHere, "pairs without face are errors in fold " + f.fold());
        }
    }

    @Test
    void offCentreFacesDoNotChangeTheResult() throws Exception {
        PairsFile pairs = PairsFile.read(TestPaths.sample().resolve("pairs.csv"), null);
        EvalResult plain = new EmbeddingEvaluator(new CentreHistogramPipeline(Set.of(), false), 16, null)
                .evaluate(pairs, TestPaths.sample());
        EvalResult withDecoys = new EmbeddingEvaluator(new CentreHistogramPipeline(Set.of(), true), 7, null)
                .evaluate(pairs, TestPaths.sample());
        assertEquals(plain.metrics().accuracy(), withDecoys.metrics().accuracy());
        assertEquals(plain.metrics().auc(), withDecoys.metrics().auc());
    }

    @Test
    void missingAndUndecodableFilesMakeTheirPairsErrorsWithAReason() throws Exception {
        Path people = TestPaths.sample().resolve("people/Abdullah_Gul");
        Files.copy(people.resolve("Abdullah_Gul_0001.jpg"), tmp.resolve("a.jpg"));
        Files.copy(people.resolve("Abdullah_Gul_0002.jpg"), tmp.resolve("b.jpg"));
        Files.writeString(tmp.resolve("text.jpg"), "not an image");
        Path csv = tmp.resolve("pairs.csv");
        Files.writeString(csv, "left,right,same\na.jpg,b.jpg,1\na.jpg,gone.jpg,0\ntext.jpg,b.jpg,0\nb.jpg,a.jpg,1\n");

        EvalResult r = new EmbeddingEvaluator(new CentreHistogramPipeline(Set.of(), false), 16, null)
                .evaluate(PairsFile.read(csv, null), tmp);

        assertEquals(List.of(3, 4), r.noFacePairs().stream().map(EvalResult.NoFacePair::line).toList());
        assertEquals(List.of("gone.jpg", "text.jpg"),
                r.imagesWithoutFace().stream().map(EvalResult.MissingImage::path).toList());
        assertTrue(r.imagesWithoutFace().get(0).reason().startsWith("file not found"));
        assertEquals("failed", r.imagesWithoutFace().get(1).status());
        assertEquals(4, r.metrics().folds().stream().mapToInt(VerificationMetrics.Fold::pairs).sum());
    }
}
