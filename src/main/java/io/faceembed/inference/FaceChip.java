package io.faceembed.inference;

/**
 * An aligned face crop as the embedder sees it: planar RGB (all red, then green, then blue), float values 0..255,
 * {@code size} x {@code size}. Floats, not bytes, so that no rounding happens between crop and model.
 */
public record FaceChip(int size, float[] chw) {

    public FaceChip {
        if (chw.length != 3 * size * size) {
            throw new IllegalArgumentException("chip of size " + size + " needs " + (3 * size * size) + " values");
        }
    }
}
