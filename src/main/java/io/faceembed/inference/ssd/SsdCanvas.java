package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;

/**
 * Where an image sits on the black canvas the detector is shown: the image's top-left corner is at
 * ({@code offsetX}, {@code offsetY}) of a {@code width} x {@code height} canvas. face-api shows the image itself
 * (offset 0, canvas = image); the padded retry shows it in the middle of a canvas twice its size.
 */
public record SsdCanvas(int width, int height, int offsetX, int offsetY) {

    public static SsdCanvas of(DecodedImage image) {
        return new SsdCanvas(image.width(), image.height(), 0, 0);
    }

    /** The image with half its width left and right and half its height above and below. */
    public static SsdCanvas paddedByHalf(DecodedImage image) {
        int padX = image.width() / 2;
        int padY = image.height() / 2;
        return new SsdCanvas(image.width() + 2 * padX, image.height() + 2 * padY, padX, padY);
    }

    /** Side of the square the canvas is padded to (at the bottom or right) before it is resized. */
    public int squareSide() {
        return Math.max(width, height);
    }

    public boolean isImageItself(DecodedImage image) {
        return offsetX == 0 && offsetY == 0 && width == image.width() && height == image.height();
    }
}
