package io.faceembed.search;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Cosine similarity above which two faces are taken for one person, per embedding model: the threshold that
 * {@code faceembed eval} measures on LFW (10-fold, threshold chosen on the other folds).
 */
public final class SameIdentity {

    /**
     * Dlib (face-api's recogniser, L2-normalised). Placeholder until eval's LFW figure is entered here. For scale:
     * on sample/people, same-identity pairs have a median similarity of 0.95 (5th percentile 0.92), pairs of
     * different identities a median of 0.84 (99th percentile 0.91).
     */
    public static final double DLIB_SIMILARITY = 0.92;

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
