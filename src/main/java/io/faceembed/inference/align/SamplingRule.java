package io.faceembed.inference.align;

/** How {@link ChipSampler#warp} treats the image's edge and what values it writes. */
public enum SamplingRule {

    /**
     * Neighbours outside the image count as black and the interpolated value is kept as a float: OpenCV's
     * {@code warpAffine} with a constant zero border, what InsightFace's {@code norm_crop} and DeepFace use.
     */
    ZERO_BORDER,

    /**
     * A chip pixel whose 2x2 neighbourhood is not wholly inside the image is black, and values are truncated to
     * whole numbers: dlib's {@code interpolate_bilinear} writing into an {@code rgb_pixel}, as its recogniser's
     * training chips were made.
     */
    DLIB
}
