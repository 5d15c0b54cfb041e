package io.faceembed.inference;

/** Cuts the face out of its image the way the embedder was trained to see it. */
public interface FaceAligner {

    /** @param landmarks landmark points as returned by the pipeline's landmark detector, or {@code null} */
    FaceChip align(FaceRef face, float[] landmarks);

    /** Changes when the alignment maths changes; part of the pipeline signature. */
    String version();
}
