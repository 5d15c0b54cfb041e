package io.faceembed.config;

/**
 * Which face pipeline to build and where its model files are: the part of the job's settings that executors need.
 *
 * @param model        embedder name as DeepFace spells it ({@code Dlib} is built in) or a custom name
 * @param detector     detector name ({@code ssd} is built in)
 * @param modelsDir    folder holding the ONNX files and their manifests
 * @param device       {@code auto}, {@code cpu} or {@code gpu}
 * @param threads      intra-op threads per ONNX Runtime session; 0 lets the runtime choose
 * @param minConfidence detector score threshold
 */
public record PipelineSpec(String model, String detector, String modelsDir, String device, int threads,
                           float minConfidence) implements java.io.Serializable {

    public static final String DEFAULT_MODEL = "Dlib";
    public static final String DEFAULT_DETECTOR = "ssd";
    /** The values of {@code --device}. */
    public static final java.util.Set<String> DEVICES = java.util.Set.of("auto", "cpu", "gpu");

    public java.nio.file.Path modelsPath() {
        return java.nio.file.Path.of(modelsDir);
    }

    /** The same pipeline on CPU: what the driver opens to learn the signature (a cluster's driver may have no GPU). */
    public PipelineSpec onCpu() {
        return new PipelineSpec(model, detector, modelsDir, "cpu", threads, minConfidence);
    }

    public static PipelineSpec defaults(String modelsDir) {
        return new PipelineSpec(DEFAULT_MODEL, DEFAULT_DETECTOR, modelsDir, "auto", 0, 0.5f);
    }
}
