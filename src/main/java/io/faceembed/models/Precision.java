package io.faceembed.models;

import java.util.Locale;

/**
 * The number format a built-in model computes in. Every variant takes and gives float32 tensors: an FP16 graph
 * casts its input to float16 on entry and its outputs back to float32, so pre- and post-processing are the same.
 */
public enum Precision {

    /** float32 throughout: the converter's own output. */
    FP32(""),
    /** float16 weights and activations, for GPUs (ONNX Runtime's CUDA provider runs them on tensor cores). */
    FP16("_fp16");

    private final String fileSuffix;

    Precision(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    /** What model file names append to their stem: empty for FP32, {@code _fp16} for FP16. */
    public String fileSuffix() {
        return fileSuffix;
    }

    /** The lower-case name used on the command line and in manifests: {@code fp32}, {@code fp16}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision labelled {@code label} (case-insensitive). */
    public static Precision of(String label) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be fp32 or fp16, not '" + label + "'");
    }
}
