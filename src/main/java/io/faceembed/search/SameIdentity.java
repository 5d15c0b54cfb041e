package io.faceembed.search;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Cosine similarity above which two faces are taken for one person, per embedding model: the threshold that
 * {@code faceembed eval} measures on LFW (10-fold, threshold chosen on the other folds).
 */
public final class SameIdentity {

    /**
     * Dlib (face-api's recogniser, L2-normalised) in the default pipeline: the mean of the 10 fold thresholds that
     * {@code faceembed eval} chose on lfw-dev (folds 1-5, 3,000 pairs; accuracy 0.9850). For scale: on
     * sample/people same-identity pairs have a median similarity of 0.95, different identities 0.84.
     */
    public static final double DLIB_SIMILARITY = 0.904;

    private SameIdentity() {
    }

    /** The threshold measured for {@code model}, or empty for a model we have not measured. */
    public static OptionalDouble similarity(String model) {
        if (model != null && model.toLowerCase(Locale.ROOT).equals("dlib")) {
            return OptionalDouble.of(DLIB_SIMILARITY);
        }
        return OptionalDouble.empty();
    }
}
