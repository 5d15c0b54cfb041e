package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageResizer;
import java.util.Optional;

/**
 * Small images side by side on one detector input: four to an input (cells of 256 pixels) for images up to
 * 256x256, sixteen (cells of 128) for images up to 128x128, each enlarged until its longer side fills its cell.
 * face-api enlarges every image to the whole 512x512 input, so a 250x250 portrait costs four times the work of its
 * cell and a 112x112 crop sixteen times. An image's detections are the boxes centred on it, clipped to it.
 *
 * <p>Why fill the cell, and why no 3x3: the detector's scores depend on the face's size on its input, not
 * smoothly. LFW portraits (a face spans ~45% of the frame), mean score of the best box on 400 images: 0.976 with the
 * face at ~110 px (250x250 at its own size in a 256 cell), 0.965 at ~53 px (120x120 in a 128 cell), 0.806 at
 * ~70 px (160x160 at its own size in a 256 cell), 0.943 at ~220 px (enlarged to the whole input, face-api's way).
 * Filled 128 or 256 cells keep such faces at the two good sizes. LFW verification (3,000 pairs) against each image
 * alone: 250x250 0.9873 vs 0.9850; 160x160 thumbnails 0.9793 vs 0.9770 (0.9730 at their own size in a 256 cell,
 * 0.9620 in the 170-pixel cells of a 3x3 mosaic); 120x120 0.9833 vs 0.9747; tight 112x112 crops 0.9787 vs 0.9693.
 */
record SsdMosaic(int grid) {

    SsdMosaic {
        if (grid != 2 && grid != 4) {
            throw new IllegalArgumentException("mosaic grid must be 2 or 4, got " + grid);
        }
    }

    /** The densest mosaic whose cell holds the image without shrinking it; empty for images above 256 pixels. */
    static Optional<SsdMosaic> forImage(DecodedImage image) {
        int side = Math.max(image.width(), image.height());
        if (side <= SsdInput.SIZE / 4) {
            return Optional.of(new SsdMosaic(4));
        }
        return side <= SsdInput.SIZE / 2 ? Optional.of(new SsdMosaic(2)) : Optional.empty();
    }

    static boolean fits(DecodedImage image) {
        return forImage(image).isPresent();
    }

    int cells() {
        return grid * grid;
    }

    int cellSide() {
        return SsdInput.SIZE / grid;
    }

    /** The image as its cell shows it: enlarged (bilinear, as face-api enlarges) until its longer side fills it. */
    DecodedImage fitted(DecodedImage image) {
        int side = Math.max(image.width(), image.height());
        if (side == cellSide()) {
            return image;
        }
        double scale = (double) cellSide() / side;
        int w = Math.max(1, Math.min(cellSide(), (int) Math.round(image.width() * scale)));
        int h = Math.max(1, Math.min(cellSide(), (int) Math.round(image.height() * scale)));
        return ImageResizer.resize(image, w, h);
    }

    /** Where an image fitted to cell {@code k} (row-major) sits: centred in it; the whole input is the canvas. */
    SsdCanvas canvas(DecodedImage fitted, int k) {
        if (fitted.width() > cellSide() || fitted.height() > cellSide() || k < 0 || k >= cells()) {
            throw new IllegalArgumentException("a " + fitted.width() + "x" + fitted.height() + " image does not fit"
                    + " cell " + k + " of a " + grid + "x" + grid + " mosaic");
        }
        int x = (k % grid) * cellSide() + (cellSide() - fitted.width()) / 2;
        int y = (k / grid) * cellSide() + (cellSide() - fitted.height()) / 2;
        return new SsdCanvas(SsdInput.SIZE, SsdInput.SIZE, x, y);
    }
}
