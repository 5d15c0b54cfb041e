package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each face's landmarks and chip are cut from. The detector works on the image as decoded, which for a camera
 * photo is 1/8 of its size; a face smaller there than {@link #SHARP_SIDE} pixels would be cut from an enlarged,
 * blurred crop, so its file is decoded again, by the largest halving that gives every face of the image that many
 * pixels (full size at most), and all the image's faces are cut from that decode.
 */
public final class FaceSources {

    /**
     * The longer box side, in pixels of the image a face is cut from, at which no built-in chip is enlarged: the
     * landmark net's crop is 112 pixels, dlib's chip 150, Facenet's input 160.
     */
    public static final int SHARP_SIDE = 160;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaceSources.class);

    private FaceSources() {
    }

    /** The image's faces, each with the image to cut it from and its box in that image's pixels. */
    public static List<FaceRef> of(DecodedImage image, List<Detection> found) {
        int step = sharpStep(image, found);
        if (step >= image.scale()) {
            return refs(image, found, 1.0);
        }
        DecodedImage finer;
        try {
            finer = image.decodedAt(step);
        } catch (ImageDecodeException | RuntimeException e) {
            // The first decode of the same bytes worked: keep its (softer) faces rather than lose them.
            LOG.warn("a finer decode (1/{}) for small faces failed, cutting them from the {}x{} image: {}", step,
                    image.width(), image.height(), e.getMessage());
            return refs(image, found, 1.0);
        }
        return refs(finer, found, image.scale() / finer.scale());
    }

    /**
     * The decode step that gives every found face {@link #SHARP_SIDE} pixels, rounded down to a halving; the
     * image's own scale when it needs no finer decode or cannot have one.
     */
    static int sharpStep(DecodedImage image, List<Detection> found) {
        int scale = (int) image.scale();
        if (found.isEmpty() || !image.decodesFiner()) {
            return scale;
        }
        int step = scale;
        for (Detection d : found) {
            double sideInFile = Math.max(d.width(), d.height()) * image.scale();
            int sharp = Integer.highestOneBit(Math.max(1, (int) (sideInFile / SHARP_SIDE)));
            step = Math.min(step, sharp);
        }
        return step;
    }

    private static List<FaceRef> refs(DecodedImage image, List<Detection> found, double factor) {
        List<FaceRef> refs = new ArrayList<>(found.size());
        for (Detection d : found) {
            refs.add(new FaceRef(image, d.scaled(factor)));
        }
        return refs;
    }
}
