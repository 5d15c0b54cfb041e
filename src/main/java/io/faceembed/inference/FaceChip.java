package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;

/** An aligned face crop, ready for an embedder: {@code pixels} is a square RGB image of the embedder's input size. */
public record FaceChip(DecodedImage pixels) {
}
