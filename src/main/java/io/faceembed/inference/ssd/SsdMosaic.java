package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;

/**
 * Four small images on one detector input, each centred in its own quarter at its own resolution. face-api
 * enlarges every image to the whole 512x512 input: a 250x250 portrait costs four times the work its pixels need,
 * and the enlargement adds no detail. Shown side by side, four portraits cost one run. An image's detections are
 * the boxes centred on it, clipped to it; the black gutter between neighbours is what the padded retry shows
 * around a lone image.
 */
final class SsdMosaic {

    static final int GRID = 2;
    static final int CELLS = GRID * GRID;
    static final int CELL = SsdInput.SIZE / GRID;

    private SsdMosaic() {
    }

    /** Whether the image fits a quarter of the input without being shrunk. */
    static boolean fits(DecodedImage image) {
        return image.width() <= CELL && image.height() <= CELL;
    }

    /** Where the image in cell {@code k} (row-major) sits: the whole input is the canvas, at scale 1. */
    static SsdCanvas canvas(DecodedImage image, int k) {
        int x = (k % GRID) * CELL + (CELL - image.width()) / 2;
        int y = (k / GRID) * CELL + (CELL - image.height()) / 2;
        return new SsdCanvas(SsdInput.SIZE, SsdInput.SIZE, x, y);
    }
}
