package io.faceembed.models;

/** The numeric precision of a built-in network's file: full (fp32), or half (fp16, made from the fp32 graph). */
public enum Precision {
    FP32(""),
    FP16("_fp16");

    private final String fileSuffix;

    Precision(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    String fileSuffix() {
        return fileSuffix;
    }

    /** {@code fp32} or {@code fp16}, as {@code --precision} spells it. */
    public static Precision of(String name) {
        return switch (name) {
            case "fp32" -> FP32;
            case "fp16" -> FP16;
            default -> throw new IllegalArgumentException("--precision must be fp32 or fp16, got '" + name + "'");
        };
    }
}
