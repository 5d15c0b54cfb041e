package io.faceembed.inference.adapters;

/**
 * How a recognition model expects pixel values (0..255 in, per channel) to be scaled. The names follow the
 * normalisations DeepFace offers ({@code preprocessing.normalize_input}) plus InsightFace's.
 */
public enum Normalization {
    /** InsightFace recognition models ({@code ArcFaceONNX}: input_mean 127.5, input_std 127.5): (x - 127.5) / 127.5. */
    INSIGHTFACE,
    /** DeepFace's "ArcFace": (x - 127.5) / 128, as in the ArcFace paper and keras_insightface trainings. */
    ARCFACE,
    /** DeepFace's "Facenet": per-image standardisation, (x - mean) / std over all pixels and channels (population std). */
    FACENET,
    /** DeepFace's "Facenet2018": x / 127.5 - 1. */
    FACENET2018,
    /** DeepFace's "base": x / 255. */
    BASE,
    /** Pixels as they are, 0..255 (OpenCV's FaceRecognizerSF feeds SFace this way). */
    RAW;

    /** Normalises {@code values} (all channels of one image) in place. */
    void apply(float[] values, int from, int length) {
        switch (this) {
            case INSIGHTFACE -> affine(values, from, length, 1f / 127.5f, -1f);
            case ARCFACE -> affine(values, from, length, 1f / 128f, -127.5f / 128f);
            case FACENET2018 -> affine(values, from, length, 1f / 127.5f, -1f);
            case BASE -> affine(values, from, length, 1f / 255f, 0f);
            case RAW -> { }
            case FACENET -> standardise(values, from, length);
        }
    }

    private static void affine(float[] v, int from, int length, float scale, float offset) {
        for (int i = from; i < from + length; i++) {
            v[i] = v[i] * scale + offset;
        }
    }

    private static void standardise(float[] v, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += v[i];
        }
        double mean = sum / length;
        double sq = 0;
        for (int i = from; i < from + length; i++) {
            double d = v[i] - mean;
            sq += d * d;
        }
        double std = Math.sqrt(sq / length);
        // A flat image has std 0; numpy would give NaNs. Scale 1 keeps the embedding finite.
        double inv = std > 1e-6 ? 1.0 / std : 1.0;
        for (int i = from; i < from + length; i++) {
            v[i] = (float) ((v[i] - mean) * inv);
        }
    }
}
