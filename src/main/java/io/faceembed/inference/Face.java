package io.faceembed.inference;

/** One face of an image: where it is, how sure the detector was, and its L2-normalised embedding. */
public record Face(int index, Detection detection, float[] landmarks, float[] embedding) {
}
