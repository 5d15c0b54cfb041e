package io.faceembed.config;

import io.faceembed.models.Precision;

/**
 * Which face pipeline to build and where its model files are: the part of the job's settings that executors need.
 *
 * @param model        embedder name as DeepFace spells it ({@code Dlib} is built in) or a custom name
 * @param detector     detector name ({@code ssd} is built in)
 * @param modelsDir    folder holding the ONNX files and their manifests
 * @param device       {@code auto}, {@code cpu} or {@code gpu}
 * @param threads      intra-op threads per ONNX Runtime session; 0 lets the runtime choose
 * @param minConfidence detector score threshold
 * @param precision    {@code fp32}, or {@code fp16} for the built-in float networks' half-precision files (GPU)
 * @param augment      test-time augmentation of the landmark and embedding steps
 */
public record PipelineSpec(String model, String detector, String modelsDir, String device, int threads,
                           float minConfidence, String precision, Augmentation augment)
        implements java.io.Serializable {

    public static final String DEFAULT_MODEL = "Dlib";
    public static final String DEFAULT_DETECTOR = "ssd";
    /** The values of {@code --device}. */
    public static final java.util.Set<String> DEVICES = java.util.Set.of("auto", "cpu", "gpu");
    /** The values of {@code --precision}. */
    public static final java.util.Set<String> PRECISIONS = java.util.Arrays.stream(Precision.values())
            .map(Precision::label).collect(java.util.stream.Collectors.toUnmodifiableSet());
    public static final String DEFAULT_PRECISION = "fp32"; // a constant: picocli's default in annotations

    /** A spec in full precision with the default augmentation. */
    public PipelineSpec(String model, String detector, String modelsDir, String device, int threads,
                        float minConfidence) {
        this(model, detector, modelsDir, device, threads, minConfidence, DEFAULT_PRECISION);
    }

    /** A spec with the default augmentation. */
    public PipelineSpec(String model, String detector, String modelsDir, String device, int threads,
                        float minConfidence, String precision) {
        this(model, detector, modelsDir, device, threads, minConfidence, precision, Augmentation.MIRROR);
    }

    public java.nio.file.Path modelsPath() {
        return java.nio.file.Path.of(modelsDir);
    }

    /** The same pipeline on CPU: what the driver opens to learn the signature (a cluster's driver may have no GPU). */
    public PipelineSpec onCpu() {
        return new PipelineSpec(model, detector, modelsDir, "cpu", threads, minConfidence, precision, augment);
    }

    /** The same pipeline with the model files of {@code value} ({@code fp32} or {@code fp16}). */
    public PipelineSpec withPrecision(String value) {
        return new PipelineSpec(model, detector, modelsDir, device, threads, minConfidence, value, augment);
    }

    /** The same pipeline with another test-time augmentation. */
    public PipelineSpec withAugment(Augmentation value) {
        return new PipelineSpec(model, detector, modelsDir, device, threads, minConfidence, precision, value);
    }

    /** The same pipeline reading its model files from {@code dir}. */
    public PipelineSpec withModelsDir(String dir) {
        return new PipelineSpec(model, detector, dir, device, threads, minConfidence, precision);
    }

    public static PipelineSpec defaults(String modelsDir) {
        return new PipelineSpec(DEFAULT_MODEL, DEFAULT_DETECTOR, modelsDir, "auto", 0, 0.5f);
    }
}
