package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageResizer;
import io.faceembed.inference.Detection;
import java.util.List;
import java.util.Optional;

/**
 * Images smaller than the detector's 512x512 input side by side on one input: sixteen to an input (cells of 128
 * pixels) for images up to 256x256, four (cells of 256) for images up to 511x511, each resized until its longer
 * side fills its cell. face-api enlarges (or shrinks) every image to the whole input, so a 250x250 portrait costs
 * sixteen times the work of its cell. An image's detections are the boxes centred on it, clipped to it. An image
 * that shows only small faces there ({@link #onlySmallFaces}) is seen again alone, as face-api sees it.
 *
 * <p>Why filled 128 and 256 cells: the detector's scores depend on the face's size on its input, not smoothly.
 * LFW portraits (a face spans ~45% of the frame), mean score of the best box on 400 images: 0.976 with the face at
 * ~110 px (a filled 256 cell), 0.965 at ~53 px (a filled 128 cell), 0.806 at ~70 px (160x160 at its own size in a
 * 256 cell), 0.943 at ~220 px (face-api's view). LFW verification (3,000 pairs) against each image alone:
 * 250x250 0.9860 (AUC 0.9992) vs 0.9850 (four to an input, 0.9873, AUC 0.9975); LFW enlarged to 400x400 0.9870
 * vs 0.9833; 160x160 thumbnails 0.9850 vs 0.9770 (four to an input 0.9793; 3x3 cells of 170 0.9620); 120x120
 * 0.9833 vs 0.9747; tight 112x112 crops 0.9787 vs 0.9693. In a 128 cell the boxes come out ~10% narrower and ~13%
 * taller than in face-api's view; the central face's embedding hardly moves (median cosine 0.998, 400 LFW images).
 * Images are shrunk at most twofold (bilinear without antialiasing, as TF.js resizes).
 */
record SsdMosaic(int grid) {

    /** A face spanning this share of its image's longer side is sure in its cell (LFW's faces span ~0.45). */
    static final double SURE_FACE_SHARE = 0.25;

    SsdMosaic {
        if (grid != 2 && grid != 4) {
            throw new IllegalArgumentException("mosaic grid must be 2 or 4, got " + grid);
        }
    }

    /**
     * The first look at an image: sixteen to an input for images up to 256x256, four for images up to 511x511;
     * empty for larger images, which run alone.
     */
    static Optional<SsdMosaic> forImage(DecodedImage image) {
        int side = Math.max(image.width(), image.height());
        if (side <= SsdInput.SIZE / 2) {
            return Optional.of(new SsdMosaic(4));
        }
        return side < SsdInput.SIZE ? Optional.of(new SsdMosaic(2)) : Optional.empty();
    }

    static boolean fits(DecodedImage image) {
        return forImage(image).isPresent();
    }

    /**
     * Whether the faces found in a cell are all too small for it to be sure of them: none spans
     * {@value #SURE_FACE_SHARE} of the image's longer side. A portrait's face is larger; an image that shows only
     * smaller faces (a small group photo, a face far away) is looked at once more, closer: shrunk sixteen to an
     * input, such a photo showed 2 of its 5 faces, 3 of 6.
     */
    static boolean onlySmallFaces(List<Detection> faces, DecodedImage image) {
        double sure = SURE_FACE_SHARE * Math.max(image.width(), image.height());
        for (Detection d : faces) {
            if (Math.max(d.width(), d.height()) >= sure) {
                return false;
            }
        }
        return true;
    }

    int cells() {
        return grid * grid;
    }

    int cellSide() {
        return SsdInput.SIZE / grid;
    }

    /** The image as its cell shows it: resized (bilinear, as face-api resizes) until its longer side fills it. */
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
