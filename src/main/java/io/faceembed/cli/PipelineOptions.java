package io.faceembed.cli;

import io.faceembed.config.Augmentation;
import io.faceembed.config.PipelineSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a face pipeline, shared by the commands that run one outside Spark (eval, search, verify). */
final class PipelineOptions {

    @Option(names = "--model", defaultValue = PipelineSpec.DEFAULT_MODEL,
            description = "Embedder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--detector", defaultValue = PipelineSpec.DEFAULT_DETECTOR,
            description = "Face detector (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--models-dir", defaultValue = "./models", paramLabel = "DIR",
            description = "Folder of the ONNX models (default: ${DEFAULT-VALUE})")
    Path modelsDir;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--precision", defaultValue = PipelineSpec.DEFAULT_PRECISION,
            description = "fp32, or fp16 for the built-in networks' half-precision files (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--augment", defaultValue = Augmentation.DEFAULT_LABEL, paramLabel = "none|mirror|jitterN",
            description = "Test-time augmentation: none, mirror (default) or jitterN (N of dlib's re-cuts)")
    String augment;

    @Option(names = "--min-confidence", defaultValue = "0.5",
            description = "Detector score threshold (default: ${DEFAULT-VALUE})")
    float minConfidence;

    PipelineSpec spec() {
        return spec(0);
    }

    /** @param threads intra-op threads of the model sessions; 0 lets ONNX Runtime choose */
    PipelineSpec spec(int threads) {
        return new PipelineSpec(model, detector, modelsDir.toString(), device, threads, minConfidence, precision,
                Augmentation.parse(augment));
    }

    /** A one-line problem with these options, or null. */
    String problem() {
        if (!PipelineSpec.DEVICES.contains(device)) {
            return "--device must be auto, cpu or gpu, got '" + device + "'";
        }
        if (!PipelineSpec.PRECISIONS.contains(precision)) {
            return "--precision must be fp32 or fp16, got '" + precision + "'";
        }
        try {
            Augmentation.parse(augment);
        } catch (IllegalArgumentException e) {
            return "--augment: " + e.getMessage();
        }
        if (!(minConfidence > 0 && minConfidence < 1)) {
            return "--min-confidence must be between 0 and 1, got " + minConfidence;
        }
        return null;
    }
}
