package io.faceembed.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faceembed.config.Augmentation;
import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.onnx.Int8CpuSupport;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in pipelines as the job opens them, from the installed models. */
class PipelineFactoryTest {

    @Test
    void theEightBitDetectorIsAPipelineOfItsOwnThatEmbedsTheSameFace() throws Exception {
        assumeTrue(Int8CpuSupport.problem() == null, "8-bit models need VNNI or AMX on x86-64");
        Path file = TestPaths.people().resolve("George_Clooney").resolve("George_Clooney_0001.jpg");
        DecodedImage image = new ImageDecoder().decode(Files.readAllBytes(file), file.toString());
        String models = InstalledModels.dir().toString();

        Face floats = onlyFace(new PipelineSpec("Dlib", "ssd", models, "cpu", 0, 0.5f), image);
        Face int8 = onlyFace(new PipelineSpec("Dlib", "SSD-INT8", models, "cpu", 0, 0.5f), image);

        assertTrue(floats.detection().iou(int8.detection()) > 0.8, "IoU " + floats.detection().iou(int8.detection()));
        double cosine = 0;
        for (int i = 0; i < floats.embedding().length; i++) {
            cosine += floats.embedding()[i] * int8.embedding()[i];
        }
        // Far above the 0.914 at which Dlib calls two faces the same person.
        assertTrue(cosine > 0.97, "cosine " + cosine);
    }

    @Test
    void eachDetectorSignsItsRowsWithItsNameAndFile() {
        assumeTrue(Int8CpuSupport.problem() == null, "8-bit models need VNNI or AMX on x86-64");
        String models = InstalledModels.dir().toString();
        try (FacePipeline floats = PipelineFactory.open(new PipelineSpec("Dlib", "ssd", models, "cpu", 0, 0.5f));
             FacePipeline int8 = PipelineFactory.open(new PipelineSpec("Dlib", "ssd-int8", models, "cpu", 0, 0.5f))) {
            assertEquals("ssd", floats.signature().detector());
            assertEquals("ssd-int8", int8.signature().detector());
            assertNotEquals(floats.signature().detectorSha256(), int8.signature().detectorSha256());
            assertNotEquals(floats.signature().id(), int8.signature().id());
        }
    }

    @Test
    void halfPrecisionIsAPipelineOfItsOwnThatEmbedsTheSameFace() throws Exception {
        Path file = TestPaths.people().resolve("George_Clooney").resolve("George_Clooney_0001.jpg");
        DecodedImage image = new ImageDecoder().decode(Files.readAllBytes(file), file.toString());
        String models = InstalledModels.dir().toString();
        PipelineSpec fp32 = new PipelineSpec("Dlib", "ssd", models, "cpu", 0, 0.5f);

        Face full = onlyFace(fp32, image);
        Face half = onlyFace(fp32.withPrecision("fp16"), image);

        assertTrue(full.detection().iou(half.detection()) > 0.95, "IoU " + full.detection().iou(half.detection()));
        double cosine = 0;
        for (int i = 0; i < full.embedding().length; i++) {
            cosine += full.embedding()[i] * half.embedding()[i];
        }
        assertTrue(cosine > 0.999, "cosine " + cosine);
        try (FacePipeline a = PipelineFactory.open(fp32);
             FacePipeline b = PipelineFactory.open(fp32.withPrecision("fp16"))) {
            assertNotEquals(a.signature().id(), b.signature().id(), "fp16 rows carry their own signature");
        }
    }

    @Test
    void eachAugmentationEmbedsTheSameFaceUnderItsOwnSignature() throws Exception {
        Path file = TestPaths.people().resolve("George_Clooney").resolve("George_Clooney_0001.jpg");
        DecodedImage image = new ImageDecoder().decode(Files.readAllBytes(file), file.toString());
        PipelineSpec mirror = new PipelineSpec("Dlib", "ssd", InstalledModels.dir().toString(), "cpu", 0, 0.5f);
        assertEquals(Augmentation.MIRROR, mirror.augment(), "mirror is the default");
        Set<String> signatures = new HashSet<>();
        Face reference = onlyFace(mirror, image);
        for (Augmentation augment : List.of(Augmentation.MIRROR, Augmentation.NONE, Augmentation.parse("jitter4"))) {
            try (FacePipeline pipeline = PipelineFactory.open(mirror.withAugment(augment))) {
                assertTrue(signatures.add(pipeline.signature().id()), augment.label() + " shares a signature");
                Face face = pipeline.process(List.of(image)).get(0).faces().get(0);
                double cosine = 0;
                for (int i = 0; i < face.embedding().length; i++) {
                    cosine += face.embedding()[i] * reference.embedding()[i];
                }
                assertTrue(cosine > 0.97, augment.label() + ": cosine to mirror " + cosine);
            }
        }
    }

    @Test
    void theEightBitRecogniserEmbedsTheSameFaceUnderItsOwnSignature() throws Exception {
        assumeTrue(Int8CpuSupport.problem() == null, "8-bit models need VNNI or AMX on x86-64");
        Path file = TestPaths.people().resolve("George_Clooney").resolve("George_Clooney_0001.jpg");
        DecodedImage image = new ImageDecoder().decode(Files.readAllBytes(file), file.toString());
        String models = InstalledModels.dir().toString();
        PipelineSpec floats = new PipelineSpec("Dlib", "ssd", models, "cpu", 0, 0.5f);
        PipelineSpec int8 = new PipelineSpec("dlib-INT8", "ssd", models, "cpu", 0, 0.5f);

        Face a = onlyFace(floats, image);
        Face b = onlyFace(int8, image);
        assertEquals(a.detection(), b.detection(), "the same float detector");
        double cosine = 0;
        for (int i = 0; i < a.embedding().length; i++) {
            cosine += a.embedding()[i] * b.embedding()[i];
        }
        assertTrue(cosine > 0.995, "cosine " + cosine);
        try (FacePipeline p = PipelineFactory.open(floats); FacePipeline q = PipelineFactory.open(int8)) {
            assertEquals("Dlib", p.signature().model());
            assertEquals("Dlib-int8", q.signature().model());
            assertNotEquals(p.signature().modelSha256(), q.signature().modelSha256());
            assertNotEquals(p.signature().id(), q.signature().id(), "int8 rows carry their own signature");
        }
    }

    @Test
    void theEightBitRecogniserHasNoHalfPrecisionAndSaysWhatToUse() {
        assertRefusesHalfPrecision("Dlib-int8", "ssd", "--model Dlib");
    }

    @Test
    void theEightBitDetectorHasNoHalfPrecisionAndSaysWhatToUse() {
        assertRefusesHalfPrecision("Dlib", "ssd-int8", "--detector ssd");
    }

    /** Opening the pipeline in fp16 fails with a message naming the precision and the float model to use. */
    private static void assertRefusesHalfPrecision(String model, String detector, String instead) {
        PipelineSpec spec = new PipelineSpec(model, detector, InstalledModels.dir().toString(), "cpu", 0, 0.5f,
                "fp16");
        ModelUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(ModelUnavailableException.class,
                () -> PipelineFactory.open(spec));
        assertTrue(e.getMessage().contains("--precision fp16") && e.getMessage().contains(instead), e.getMessage());
    }

    private static Face onlyFace(PipelineSpec spec, DecodedImage image) {
        try (FacePipeline pipeline = PipelineFactory.open(spec)) {
            ImageOutcome outcome = pipeline.process(List.of(image)).get(0);
            assertEquals(1, outcome.faces().size(), spec.detector() + ": " + outcome);
            return outcome.faces().get(0);
        }
    }
}
