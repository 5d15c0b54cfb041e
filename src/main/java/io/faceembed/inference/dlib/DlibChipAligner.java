package io.faceembed.inference.dlib;

import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;

/**
 * The chips dlib's recogniser was trained on: {@code get_face_chip_details(shape, 150, 0.25)} then
 * {@code extract_image_chip} (bilinear, black where the sample's neighbourhood leaves the image, values truncated
 * to whole numbers, a half-size pyramid below faces more than twice the chip's size). The chip is placed by the
 * least-squares similarity between the face's points and dlib's mean face; which points is a choice
 * ({@link Fit}). Nothing in it was fitted on evaluation data.
 */
public final class DlibChipAligner implements FaceAligner {

    public static final int CHIP_SIZE = DlibEmbedder.CHIP_SIZE;
    public static final double PADDING = 0.25;

    /** Which of a face's points place its chip. */
    public enum Fit {
        /** dlib's 68-point fit: 33 points of nose, eyes and lips. */
        POINTS_68("68"),
        /** dlib's 5-point fit (eye corners and base of the nose), the points taken from the 68. */
        POINTS_5("5"),
        /** The detection box as the mean face's extent; no landmarks. */
        BOX("box");

        private final String tag;

        Fit(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Fit fit;
    private final float[] chip68 = DlibMeanFace.chipPoints68(CHIP_SIZE, PADDING);
    private final float[] chip5 = DlibMeanFace.chipPoints5(CHIP_SIZE, PADDING);
    private final float[] chipCorners = DlibMeanFace.chipCorners(CHIP_SIZE, PADDING);

    public DlibChipAligner(Fit fit) {
        this.fit = fit;
    }

    @Override
    public FaceChip align(FaceRef face, float[] landmarks) {
        return details(face, landmarks).extract(face.image());
    }

    /** Where the chip lies; without 68 landmarks, by the detection box. */
    DlibChipDetails details(FaceRef face, float[] landmarks) {
        boolean has68 = landmarks != null && landmarks.length == 136;
        if (has68 && fit == Fit.POINTS_68) {
            return DlibChipDetails.fit(chip68, DlibMeanFace.select(landmarks, DlibMeanFace.POINTS_68), CHIP_SIZE);
        }
        if (has68 && fit == Fit.POINTS_5) {
            return DlibChipDetails.fit(chip5, DlibMeanFace.select(landmarks, DlibMeanFace.FIVE_FROM_68), CHIP_SIZE);
        }
        Detection d = face.detection();
        float[] box = {d.x1(), d.y1(), d.x2(), d.y1(), d.x2(), d.y2(), d.x1(), d.y2()};
        return DlibChipDetails.fit(chipCorners, box, CHIP_SIZE);
    }

    public Fit fit() {
        return fit;
    }

    @Override
    public String version() {
        return "dlib-chip-" + fit.tag() + "-v1";
    }
}
