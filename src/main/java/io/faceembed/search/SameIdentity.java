package io.faceembed.search;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Cosine similarity above which two faces are taken for one person, per embedding model: the threshold that
 * {@code faceembed eval} measures on LFW (10-fold, threshold chosen on the other folds).
 */
public final class SameIdentity {

    /**
     * Dlib (face-api's recogniser, L2-normalised) in the default pipeline (dlib's chips, mirror augmentation): the
     * mean of the 5 fold thresholds that {@code faceembed eval} chose on lfw-dev (folds 1-5, 3,000 pairs;
     * accuracy 0.9917; 0.907 with {@code --augment none}).
     */
    public static final double DLIB_SIMILARITY = 0.914;

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
