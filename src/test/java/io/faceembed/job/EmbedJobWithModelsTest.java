package io.faceembed.job;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faceembed.SharedFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/** The job's scenarios with the real models; skipped until ONNX models are installed in faceembed.models. */
class EmbedJobWithModelsTest extends EmbedJobScenarios {

    @BeforeEach
    void needsModels() throws IOException {
        boolean installed = Files.isDirectory(SharedFaces.models());
        if (installed) {
            try (Stream<java.nio.file.Path> s = Files.list(SharedFaces.models())) {
                installed = s.anyMatch(p -> p.getFileName().toString().endsWith(".onnx"));
            }
        }
        assumeTrue(installed, "no ONNX models in " + SharedFaces.models());
    }

    @Override
    PipelineOpener opener() {
        return PipelineOpener.MODELS;
    }

    @Override
    String model() {
        return "Dlib";
    }

    /** A second model, for the test that a different --model keeps the old rows; change if another is installed. */
    @Override
    String otherModel() {
        return "Facenet";
    }
}
