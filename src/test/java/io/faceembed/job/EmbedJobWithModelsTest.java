package io.faceembed.job;

import io.faceembed.inference.adapters.TensorLayout;
import io.faceembed.inference.adapters.TestModels;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The job's scenarios with the real built-in models (converted on first use). The second model for "another
 * model keeps the old rows" is a small custom ArcFace-family ONNX file built here with known weights, next to
 * links to the built-in files.
 */
class EmbedJobWithModelsTest extends EmbedJobScenarios {

    private static Path models;

    @BeforeAll
    static void modelsWithASecondEmbedder() throws IOException {
        Path installed = InstalledModels.dir();
        models = Path.of("target", "job-test-models").toAbsolutePath();
        Files.createDirectories(models);
        for (BuiltInModel m : BuiltInModel.values()) {
            for (String file : new String[] {m.onnxFile(), m.manifestFile()}) {
                Files.deleteIfExists(models.resolve(file));
                Files.createLink(models.resolve(file), installed.resolve(file));
            }
        }
        TestModels.embedder(models, "tinyarc.onnx", TensorLayout.NCHW, 112, 16);
        Files.writeString(models.resolve("tinyarc.json"), "{\"family\":\"arcface\"}");
    }

    @Override
    Path modelsDir() {
        return models;
    }

    @Override
    PipelineOpener opener() {
        return PipelineOpener.MODELS;
    }

    @Override
    String model() {
        return "Dlib";
    }

    @Override
    String otherModel() {
        return "tinyarc";
    }
}
