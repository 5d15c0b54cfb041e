package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.PipelineFactory;
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

    private static FacePipeline gpuPath;
    private static List<DecodedImage> images;

    /** CPU sessions that the pipeline treats as a GPU's: no mosaics, concurrent calls merged. */
    private static SessionOptionsFactory gpuPathOnCpu() {
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(1);
        return new SessionOptionsFactory() {
            @Override
            public OrtSession.SessionOptions create() throws OrtException {
                return cpu.create();
            }

            @Override
            public String provider() {
                return "CUDA:0";
            }

            @Override
            public int mergeLimit() {
                return 64;
            }
        };
    }

    @BeforeAll
    static void load() throws IOException {
        PipelineSpec spec = PipelineSpec.defaults(InstalledModels.dir().toString());
        gpuPath = PipelineFactory.open(spec, gpuPathOnCpu());
        try (Stream<Path> walk = Files.walk(TestPaths.people())) {
            images = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(24)
                    .map(io.faceembed.inference.ssd.SsdFixtures::read).toList();
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
            double cos = 0;
            for (int k = 0; k < x.embedding().length; k++) {
                cos += x.embedding()[k] * y.embedding()[k];
            }
            assertTrue(cos > 0.99999, what + ": embedding cosine " + cos);
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }
}
