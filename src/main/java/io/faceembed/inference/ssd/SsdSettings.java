package io.faceembed.inference.ssd;

/**
 * Settings of the SSD MobileNetV1 detector.
 *
 * @param minConfidence a box is kept when its score is strictly above this (face-api's minConfidence)
 * @param iouThreshold  a box overlapping a better one by more than this IoU is suppressed
 * @param maxResults    at most this many faces per image
 * @param retryPadded   images without any face are run again, padded by half their size on every side, which
 *                      finds faces that fill the whole frame (face-api itself does not do this)
 * @param clipToImage   boxes are clipped to the image; face-api clips them to the padded square only, so its
 *                      boxes may reach past the right or bottom edge into the padding
 */
public record SsdSettings(double minConfidence, double iouThreshold, int maxResults, boolean retryPadded,
                          boolean clipToImage) {

    public SsdSettings {
        if (!(minConfidence > 0 && minConfidence < 1)) {
            throw new IllegalArgumentException("minConfidence must be between 0 and 1 (exclusive), got " + minConfidence);
        }
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be between 0 and 1, got " + iouThreshold);
        }
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
        }
    }

    /** Production defaults: face-api's thresholds, the padded retry, boxes inside the image. */
    public static SsdSettings defaults() {
        return new SsdSettings(0.5, 0.5, 100, true, true);
    }

    /** Exactly what face-api's {@code locateFaces} does with its default options. */
    public static SsdSettings faceApiParity() {
        return new SsdSettings(0.5, 0.5, 100, false, false);
    }

    public SsdSettings withMinConfidence(double value) {
        return new SsdSettings(value, iouThreshold, maxResults, retryPadded, clipToImage);
    }

    public SsdSettings withRetryPadded(boolean value) {
        return new SsdSettings(minConfidence, iouThreshold, maxResults, value, clipToImage);
    }
}
