package io.faceembed.inference.onnx;

/**
 * Where this JVM's ONNX Runtime natives come from. One Java API (the {@code onnxruntime} jar) serves CPU and GPU:
 * {@value #PROPERTY} names a folder whose natives replace the jar's own, and the natives decide which execution
 * providers exist.
 */
public final class OrtNatives {

    /** ONNX Runtime's own system property: a folder holding libonnxruntime.so and its provider libraries. */
    public static final String PROPERTY = "onnxruntime.native.path";

    static final String HOW_TO_GET_CUDA = "for CUDA 13 put org.bytedeco:onnxruntime:1.28.0-1.5.14"
            + " (classifier linux-x86_64-gpu) natives in a folder, for CUDA 12 the natives of"
            + " com.microsoft.onnxruntime:onnxruntime_gpu, and pass -D" + PROPERTY + "=DIR to the executors"
            + " (spark.executor.extraJavaOptions); see conf/README.md";

    private OrtNatives() {
    }

    /** The natives folder named by {@value #PROPERTY}, or that the natives inside the onnxruntime jar are used. */
    public static String describe() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? "the onnxruntime jar (-D" + PROPERTY + " not set)" : dir;
    }
}
