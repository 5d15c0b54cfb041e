package io.faceembed.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.adapters.ArcFaceEmbedder;
import io.faceembed.inference.adapters.EyeRotationAligner;
import io.faceembed.inference.adapters.FacenetEmbedder;
import io.faceembed.inference.adapters.Normalization;
import io.faceembed.inference.adapters.OnnxChipEmbedder;
import io.faceembed.inference.adapters.ScrfdDetector;
import io.faceembed.inference.adapters.SimilarityAligner;
import io.faceembed.inference.adapters.TensorLayout;
import io.faceembed.inference.adapters.TestModels;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @TempDir
    Path models;

    private ModelUnavailableException refused(Runnable r) {
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class, r::run);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void builtInNamesNeedNoFileAndAnyCase() {
        assertTrue(ModelCatalog.embedder("dlib", models).builtIn());
        assertTrue(ModelCatalog.embedder("DLIB", models).builtIn());
        assertTrue(ModelCatalog.detector("SSD", models).builtIn());
        assertEquals("ssd-int8", ModelCatalog.detector("SSD-Int8", models).name());
        assertTrue(ModelCatalog.detector("ssd-int8", models).builtIn());
        assertEquals("Dlib", ModelCatalog.embedder("dLiB", models).name());
        assertEquals("Dlib-int8", ModelCatalog.embedder("DLIB-int8", models).name());
        assertTrue(ModelCatalog.embedder("dlib-int8", models).builtIn());
    }

    @Test
    void missingArcFaceFileIsOneLineNamingThePathAndHowToGetIt() {
        ModelUnavailableException e = refused(() -> ModelCatalog.embedder("arcface", models));
        String path = models.resolve("arcface.onnx").toString();
        assertTrue(e.getMessage().startsWith("model ArcFace needs " + path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("w600k_r50.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("README 'Models'"), e.getMessage());
    }

    @Test
    void missingDetectorFileNamesItsPath() {
        ModelUnavailableException e = refused(() -> ModelCatalog.detector("RetinaFace", models));
        assertTrue(e.getMessage().contains(models.resolve("retinaface.onnx").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("det_10g.onnx"), e.getMessage());
    }

    @Test
    void deepFaceNamesMapToTheirFilesFamiliesAndSizes() {
        ModelCatalog.Descriptor facenet = ModelCatalog.knownEmbedder("facenet");
        assertEquals("facenet.onnx", facenet.file());
        assertEquals(ModelCatalog.Family.FACENET, facenet.family());
        assertEquals(160, facenet.inputSize());
        assertEquals(128, facenet.dimension());
        assertEquals(512, ModelCatalog.knownEmbedder("FACENET512").dimension());
        assertEquals("facenet512.onnx", ModelCatalog.knownEmbedder("Facenet512").file());
        ModelCatalog.Descriptor sface = ModelCatalog.knownEmbedder("sface");
        assertEquals(ModelCatalog.Family.ARCFACE, sface.family());
        assertEquals(Normalization.RAW, sface.preprocessing().normalization());
        assertEquals(128, sface.dimension());
        assertEquals(ModelCatalog.Family.SCRFD, ModelCatalog.knownDetector("scrfd").family());
        assertEquals("yunet.onnx", ModelCatalog.knownDetector("YuNet").file());
    }

    @Test
    void unsupportedFamilyIsRefusedWithItsExpectedFileAndTheSupportedNames() {
        ModelUnavailableException e = refused(() -> ModelCatalog.embedder("VGG-Face", models));
        assertTrue(e.getMessage().contains(models.resolve("vgg_face.onnx").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        assertTrue(e.getMessage().contains("ArcFace"), e.getMessage());
        refused(() -> ModelCatalog.detector("yunet", models));
    }

    @Test
    void unknownNameWithoutFilesAsksForTheOnnxFileAndSidecar() {
        ModelUnavailableException e = refused(() -> ModelCatalog.embedder("myface", models));
        assertTrue(e.getMessage().contains(models.resolve("myface.onnx").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(models.resolve("myface.json").toString()), e.getMessage());
        refused(() -> ModelCatalog.embedder("../etc/passwd", models));
    }

    @Test
    void customModelWithSidecarOpensAsItsFamily() throws Exception {
        TestModels.embedder(models, "myface.onnx", TensorLayout.NHWC, 112, 256);
        Files.writeString(models.resolve("myface.json"),
                "{\"family\": \"arcface\", \"normalization\": \"base\", \"channels\": \"bgr\"}");
        ModelCatalog.Descriptor d = ModelCatalog.embedder("myface", models);
        assertEquals(ModelCatalog.Family.ARCFACE, d.family());
        assertEquals(Normalization.BASE, d.preprocessing().normalization());
        assertTrue(d.preprocessing().bgr());
        try (OnnxChipEmbedder e = UserModelLoader.openEmbedder(d, models, SessionOptionsFactory.cpu(1))) {
            assertInstanceOf(ArcFaceEmbedder.class, e);
            assertEquals(256, e.dimension());
            assertInstanceOf(SimilarityAligner.class, UserModelLoader.alignerFor(d, e));
        }
    }

    @Test
    void sidecarWithABadValueIsOneLineNamingTheSidecar() throws Exception {
        TestModels.embedder(models, "myface.onnx", TensorLayout.NCHW, 112, 4);
        Files.writeString(models.resolve("myface.json"), "{\"family\": \"vgg\"}");
        ModelUnavailableException e = refused(() -> ModelCatalog.embedder("myface", models));
        assertTrue(e.getMessage().contains("myface.json"), e.getMessage());
        Files.writeString(models.resolve("myface.json"), "{\"family\": ");
        refused(() -> ModelCatalog.embedder("myface", models));
        Files.writeString(models.resolve("myface.json"), "{\"family\": \"scrfd\"}");
        assertTrue(refused(() -> ModelCatalog.embedder("myface", models)).getMessage().contains("detector"));
    }

    @Test
    void facenetFileOpensWithStandardisationAndTheEyeRotationAligner() throws Exception {
        TestModels.embedder(models, "facenet.onnx", TensorLayout.NHWC, 160, 128);
        ModelCatalog.Descriptor d = ModelCatalog.embedder("Facenet", models);
        try (OnnxChipEmbedder e = UserModelLoader.openEmbedder(d, models, SessionOptionsFactory.cpu(1))) {
            assertInstanceOf(FacenetEmbedder.class, e);
            assertEquals(Normalization.FACENET, e.preprocessing().normalization());
            EyeRotationAligner aligner = assertInstanceOf(EyeRotationAligner.class, UserModelLoader.alignerFor(d, e));
            assertEquals(160, aligner.size());
        }
    }

    @Test
    void fileWithTheWrongEmbeddingLengthIsRefused() throws Exception {
        TestModels.embedder(models, "facenet.onnx", TensorLayout.NHWC, 160, 512);
        ModelCatalog.Descriptor d = ModelCatalog.embedder("Facenet", models);
        ModelUnavailableException e = refused(() -> UserModelLoader.openEmbedder(d, models, SessionOptionsFactory.cpu(1)));
        assertTrue(e.getMessage().contains("512-D"), e.getMessage());
    }

    @Test
    void sidecarBesideADeepFaceFileOverridesItsPreprocessing() throws Exception {
        TestModels.embedder(models, "arcface.onnx", TensorLayout.NHWC, 112, 512);
        Files.writeString(models.resolve("arcface.json"), "{\"normalization\": \"arcface\", \"channels\": \"BGR\"}");
        ModelCatalog.Descriptor d = ModelCatalog.embedder("ArcFace", models);
        assertEquals(Normalization.ARCFACE, d.preprocessing().normalization());
        assertTrue(d.preprocessing().bgr());
    }

    @Test
    void scrfdFileOpensAsADetector() throws Exception {
        float[] s = new float[32];
        TestModels.constantDetector(models, "scrfd.onnx", 32, false,
                new TestModels.ConstantOutput("s8", 32, 1, s), new TestModels.ConstantOutput("s16", 8, 1, new float[8]),
                new TestModels.ConstantOutput("s32", 2, 1, new float[2]),
                new TestModels.ConstantOutput("b8", 32, 4, new float[128]),
                new TestModels.ConstantOutput("b16", 8, 4, new float[32]),
                new TestModels.ConstantOutput("b32", 2, 4, new float[8]));
        ModelCatalog.Descriptor d = ModelCatalog.detector("SCRFD", models);
        try (FaceDetector detector = UserModelLoader.openDetector(d, models, SessionOptionsFactory.cpu(1), 0.5f)) {
            assertInstanceOf(ScrfdDetector.class, detector);
            assertEquals("scrfd", detector.name());
        }
    }
}
