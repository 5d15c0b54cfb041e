package io.faceembed.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.testing.InstalledModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer writes every built-in model in every precision it comes in, from the cached face-api tarball. */
class ModelInstallerTest {

    private static final String TARBALL = "vladmandic-face-api-" + BuiltInModel.VERSION + ".tgz";

    @TempDir
    Path dir;

    @Test
    void theFloatNetsComeInFp16AndTheInt8DetectorOnlyAsItIs() {
        assertEquals("ssd_mobilenetv1.onnx", BuiltInModel.SSD_MOBILENET_V1.onnxFile());
        assertEquals("ssd_mobilenetv1.onnx", BuiltInModel.SSD_MOBILENET_V1.onnxFile(Precision.FP32));
        assertEquals("ssd_mobilenetv1_fp16.onnx", BuiltInModel.SSD_MOBILENET_V1.onnxFile(Precision.FP16));
        assertEquals("face_landmark_68_fp16.onnx", BuiltInModel.FACE_LANDMARK_68.onnxFile(Precision.FP16));
        assertEquals("dlib_face_recognition_fp16.manifest.json",
                BuiltInModel.FACE_RECOGNITION.manifestFile(Precision.FP16));
        assertEquals(Set.of(Precision.FP32), BuiltInModel.SSD_MOBILENET_V1_INT8.precisions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BuiltInModel.SSD_MOBILENET_V1_INT8.onnxFile(Precision.FP16));
        assertTrue(e.getMessage().contains("ssd_mobilenetv1_int8") && e.getMessage().contains("fp16"),
                e.getMessage());
        assertEquals(Precision.FP16, Precision.of("FP16"));
        assertThrows(IllegalArgumentException.class, () -> Precision.of("bf16"));
    }

    @Test
    void theCachedTarballGivesEveryPrecisionAndMissingFp16FilesComeFromTheFloat32Ones() throws IOException {
        Path models = dir.resolve("models");
        Path cache = Files.createDirectories(models.resolve(".cache"));
        Files.copy(InstalledModels.dir().resolve(".cache").resolve(TARBALL), cache.resolve(TARBALL));
        ModelInstaller installer = new ModelInstaller(models);
        assertFalse(installer.isInstalled());

        String log = run(installer::installIfMissing);
        assertTrue(installer.isInstalled());
        assertTrue(log.contains("ssd_mobilenetv1_fp16.onnx"), log);
        Map<String, byte[]> first = files(models);
        for (BuiltInModel m : BuiltInModel.values()) {
            for (Precision p : m.precisions()) {
                JsonNode manifest = new ObjectMapper().readTree(first.get(m.manifestFile(p)));
                assertEquals(m.onnxFile(p), manifest.get("file").asText());
                assertEquals(p.label(), manifest.get("precision").asText());
                assertEquals(ModelInstaller.sha256(models.resolve(m.onnxFile(p))), manifest.get("sha256").asText());
            }
        }
        assertEquals("dlib_face_recognition.onnx", new ObjectMapper()
                .readTree(first.get("dlib_face_recognition_fp16.manifest.json")).get("convertedFrom").asText());

        // A folder from before the fp16 files, without the tarball: they are made from its float32 files.
        Files.delete(models.resolve(BuiltInModel.SSD_MOBILENET_V1.onnxFile(Precision.FP16)));
        Files.delete(models.resolve(BuiltInModel.FACE_RECOGNITION.manifestFile(Precision.FP16)));
        deleteTree(cache);
        assertFalse(installer.isInstalled());
        String again = run(installer::installIfMissing);
        assertTrue(installer.isInstalled());
        assertEquals(2, again.lines().filter(l -> l.startsWith("models: wrote")).count(), again);
        assertFalse(Files.exists(cache), "no tarball was fetched");
        Map<String, byte[]> second = files(models);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name + " differs"));
    }

    private interface Install {
        void run(PrintStream log) throws IOException;
    }

    private static String run(Install install) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        install.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The model files and manifests in {@code models}, by name. */
    private static Map<String, byte[]> files(Path models) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(models)) {
            for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
