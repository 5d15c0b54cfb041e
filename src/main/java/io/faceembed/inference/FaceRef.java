package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;

/** A detected face together with the image it was found in. */
public record FaceRef(DecodedImage image, Detection detection) {
}
