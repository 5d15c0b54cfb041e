package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdFixtures;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.PipelineFactory;
import io.faceembed.testing.GpuPathSessions;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GPU path's own logic (each image seen alone by the detector, concurrent calls merged into one batch) run on
 * ONNX Runtime's CPU provider: sessions made for the CPU but named as a GPU's, so the pipeline takes the GPU's
 * decisions. An image's faces must not depend on the images that share its call or its merged batch.
 */
class GpuPathOnCpuTest {

    /** The detector's settings on a GPU: each image alone, the low-threshold retry as on the CPU. */
    private static final SsdSettings UNMOSAICKED = SsdSettings.defaults()
            .withFallbackMinConfidence(SsdSettings.FALLBACK_MIN_CONFIDENCE).withMosaic(false);

    private static FacePipeline gpuPath;
    private static List<DecodedImage> images;
    private static List<List<Face>> floatInputFaces;

    @BeforeAll
    static void load() throws IOException {
        PipelineSpec spec = PipelineSpec.defaults(InstalledModels.dir().toString());
        gpuPath = PipelineFactory.open(spec, GpuPathSessions.onCpu());
        try (Stream<Path> walk = Files.walk(TestPaths.people())) {
            images = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(24)
                    .map(SsdFixtures::read).toList();
        }
    }

    @AfterAll
    static void close() {
        gpuPath.close();
    }

    @Test
    void anImagesFacesAreTheSameAloneAndAmongOthers() {
        List<ImageOutcome> together = gpuPath.process(images);
        List<ImageOutcome> reversed = gpuPath.process(reversed(images));
        for (int i = 0; i < images.size(); i++) {
            ImageOutcome alone = gpuPath.process(List.of(images.get(i))).get(0);
            assertSame(alone, together.get(i), "image " + i + " alone vs in a call of " + images.size());
            assertSame(alone, reversed.get(images.size() - 1 - i), "image " + i + " in the reversed call");
        }
    }

    @Test
    void callsFromManyThreadsAreMergedAndGiveEachCallerItsOwnFaces() throws Exception {
        List<ImageOutcome> expected = new ArrayList<>();
        for (DecodedImage image : images) {
            expected.add(gpuPath.process(List.of(image)).get(0));
        }
        ExecutorService tasks = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<ImageOutcome>>> calls = new ArrayList<>();
            for (int from = 0; from < images.size(); from += 3) {
                List<DecodedImage> part = images.subList(from, Math.min(images.size(), from + 3));
                calls.add(tasks.submit(() -> gpuPath.process(part)));
            }
            int i = 0;
            for (Future<List<ImageOutcome>> call : calls) {
                for (ImageOutcome outcome : call.get()) {
                    assertSame(expected.get(i), outcome, "image " + i + " from a concurrent call");
                    i++;
                }
            }
            assertEquals(images.size(), i);
        } finally {
            tasks.shutdownNow();
        }
    }

    private static void assertSame(ImageOutcome a, ImageOutcome b, String what) {
        assertEquals(a.status(), b.status(), what);
        assertEquals(a.faces().size(), b.faces().size(), what + ": face count");
        for (int f = 0; f < a.faces().size(); f++) {
            Face x = a.faces().get(f);
            Face y = b.faces().get(f);
            assertEquals(x.detection().x1(), y.detection().x1(), 1e-3, what + ": box");
            assertEquals(x.detection().y2(), y.detection().y2(), 1e-3, what + ": box");
            double cos = cosine(x.embedding(), y.embedding());
            assertTrue(cos > 0.99999, what + ": embedding cosine " + cos);
        }
    }

    /**
     * With {@code -Dfaceembed.detectorResize=cpu} a GPU's detector takes its 512x512 input as 8-bit pixels: the
     * resized values rounded to whole numbers. It must find the faces the float input finds, on every portrait and
     * group scene of the sample, with boxes that move by about a percent and embeddings that barely move.
     */
    @Test
    void eightBitPixelsFindTheFacesFloatPixelsFind() {
        Agreement a = againstFloatInput(file -> OnnxModel.withUint8Pixels(file, SessionOptionsFactory.cpu(0)));
        System.out.println("8-bit vs float detector input: " + a);
        assertTrue(a.sameCount() >= a.images() - 2, a.toString());
        assertTrue(a.medianIou() > 0.98, a.toString());
        assertTrue(a.medianCosine() > 0.998, a.toString());
    }

    /**
     * By default a GPU's detector takes each image at its own size as 8-bit pixels and resizes it in the session
     * ({@code OnnxModel.resizingOnDevice}): it sees the float resize the CPU path sees, so it finds the same faces
     * with the same boxes and embeddings, to float rounding (measured: IoU min 0.994, cosine min 0.996, both
     * medians 1.0000; 8-bit input moves boxes a hundred times more).
     */
    @Test
    void resizingOnTheDeviceFindsTheFacesFloatPixelsFind() {
        Agreement a = againstFloatInput(file -> OnnxModel.resizingOnDevice(file, SessionOptionsFactory.cpu(0)));
        System.out.println("device resize vs float detector input: " + a);
        assertEquals(a.images(), a.sameCount(), a.toString());
        assertTrue(a.lowestIou() > 0.99, a.toString());
        assertTrue(a.medianIou() > 0.9999, a.toString());
        assertTrue(a.lowestCosine() > 0.99, a.toString());
        assertTrue(a.medianCosine() > 0.99999, a.toString());
    }

    /** How the faces of a detector model fed another way agree with those of float input. */
    private record Agreement(int images, int sameCount, List<Double> ious, List<Double> cosines) {
        double medianIou() {
            return ious.get(ious.size() / 2);
        }

        double lowestIou() {
            return ious.get(0);
        }

        double medianCosine() {
            return cosines.get(cosines.size() / 2);
        }

        double lowestCosine() {
            return cosines.get(0);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "same face count on %d/%d images; %d faces matched, IoU min"
                    + " %.4f median %.4f; embedding cosine min %.5f median %.5f", sameCount, images, ious.size(),
                    lowestIou(), medianIou(), lowestCosine(), medianCosine());
        }
    }

    /** The sample's portraits and scenes through the pipeline with float detector input and with {@code other}. */
    private static Agreement againstFloatInput(java.util.function.Function<Path, OnnxModel> other) {
        Path models = InstalledModels.dir();
        List<DecodedImage> sample = SsdFixtures.portraitsAndScenes();
        List<List<Face>> reference = floatInputFaces(sample);
        try (FacePipeline bytes = withDetector(models, other.apply(models.resolve(
                BuiltInModel.SSD_MOBILENET_V1.onnxFile())), UNMOSAICKED)) {
            int sameCount = 0;
            List<Double> ious = new ArrayList<>();
            List<Double> cosines = new ArrayList<>();
            for (int from = 0; from < sample.size(); from += 16) {
                List<DecodedImage> part = sample.subList(from, Math.min(sample.size(), from + 16));
                List<ImageOutcome> b = bytes.process(part);
                for (int i = 0; i < part.size(); i++) {
                    List<Face> fa = reference.get(from + i);
                    List<Face> fb = b.get(i).faces();
                    sameCount += fa.size() == fb.size() ? 1 : 0;
                    for (Face f : fa) {
                        Face match = fb.stream().max(java.util.Comparator.comparingDouble(
                                g -> g.detection().iou(f.detection()))).orElse(null);
                        if (match != null && match.detection().iou(f.detection()) > 0.5) {
                            ious.add((double) match.detection().iou(f.detection()));
                            cosines.add(cosine(f.embedding(), match.embedding()));
                        }
                    }
                }
            }
            java.util.Collections.sort(ious);
            java.util.Collections.sort(cosines);
            return new Agreement(sample.size(), sameCount, ious, cosines);
        }
    }

    /**
     * The faces of each of {@code sample} with float detector input, computed once for the tests that compare
     * against them (each image is detected alone, so its faces do not depend on the others).
     */
    private static synchronized List<List<Face>> floatInputFaces(List<DecodedImage> sample) {
        if (floatInputFaces == null) {
            Path models = InstalledModels.dir();
            List<List<Face>> faces = new ArrayList<>();
            try (FacePipeline floats = withDetector(models, new OnnxModel(models.resolve(
                    BuiltInModel.SSD_MOBILENET_V1.onnxFile()), SessionOptionsFactory.cpu(0)), UNMOSAICKED)) {
                for (int from = 0; from < sample.size(); from += 16) {
                    for (ImageOutcome outcome : floats.process(sample.subList(from, Math.min(sample.size(),
                            from + 16)))) {
                        faces.add(outcome.faces());
                    }
                }
            }
            floatInputFaces = faces;
        }
        return floatInputFaces;
    }

    /** The built-in pipeline on CPU with this detector model and settings. */
    private static FacePipeline withDetector(Path models, OnnxModel ssd, SsdSettings settings) {
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        OnnxModel landmarks = new OnnxModel(models.resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()), cpu);
        OnnxModel recogniser = new OnnxModel(models.resolve(BuiltInModel.FACE_RECOGNITION.onnxFile()), cpu);
        return new DefaultFacePipeline(new SsdMobilenetDetector(ssd, settings), new FaceLandmark68Detector(landmarks),
                new DlibChipAligner(DlibChipAligner.Fit.POINTS_68), new DlibEmbedder(recogniser), gpuPath.signature(),
                List.of(ssd, landmarks, recogniser), "CPU");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
        }
        return dot;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }
}
