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
 * @param fallbackMinConfidence images where nothing scores above {@code minConfidence} (padded retry included)
 *                      are searched once more with this lower threshold, keeping only the best box: a photo filed
 *                      under a person nearly always shows a face, and a faint one is worth more than none.
 *                      0 turns the fallback off; it is also off when not below {@code minConfidence}
 * @param mosaic        images smaller than 512x512 share detector inputs, sixteen or four to one, each resized to
 *                      fill its cell ({@link SsdMosaic}); face-api resizes each one to the whole input
 */
public record SsdSettings(double minConfidence, double iouThreshold, int maxResults, boolean retryPadded,
                          boolean clipToImage, double fallbackMinConfidence, boolean mosaic) {

    /**
     * Production fallback threshold. On LFW View 2 folds 1-5 it finds the central face of 7 of the 11 images
     * where 0.5 finds none, and of 10 of them at 0.1, raising verification accuracy by 0.5 points; on the ten
     * faceless photos of sample/noface it gives no box at 0.2 and one (on one photo) at 0.1.
     */
    public static final double FALLBACK_MIN_CONFIDENCE = 0.1;

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
        if (!(fallbackMinConfidence >= 0 && fallbackMinConfidence < 1)) {
            throw new IllegalArgumentException("fallbackMinConfidence must be 0 (off) or between 0 and 1, got "
                    + fallbackMinConfidence);
        }
    }

    /** Whether images without a face are searched again at {@link #fallbackMinConfidence()}. */
    public boolean hasFallback() {
        return fallbackMinConfidence > 0 && fallbackMinConfidence < minConfidence;
    }

    /**
     * Production defaults: face-api's thresholds, the padded retry, boxes inside the image, no fallback threshold
     * (the built-in pipeline adds {@link #FALLBACK_MIN_CONFIDENCE}), small images in mosaics.
     */
    public static SsdSettings defaults() {
        return new SsdSettings(0.5, 0.5, 100, true, true, 0, true);
    }

    /** Exactly what face-api's {@code locateFaces} does with its default options. */
    public static SsdSettings faceApiParity() {
        return new SsdSettings(0.5, 0.5, 100, false, false, 0, false);
    }

    public SsdSettings withMinConfidence(double value) {
        return new SsdSettings(value, iouThreshold, maxResults, retryPadded, clipToImage, fallbackMinConfidence,
                mosaic);
    }

    public SsdSettings withFallbackMinConfidence(double value) {
        return new SsdSettings(minConfidence, iouThreshold, maxResults, retryPadded, clipToImage, value, mosaic);
    }

    public SsdSettings withMosaic(boolean value) {
        return new SsdSettings(minConfidence, iouThreshold, maxResults, retryPadded, clipToImage,
                fallbackMinConfidence, value);
    }
}
