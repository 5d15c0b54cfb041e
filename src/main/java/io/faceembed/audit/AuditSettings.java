package io.faceembed.audit;

import io.faceembed.search.SameIdentity;

/**
 * Thresholds of the audit. Similarities are cosine similarities of L2-normalised embeddings; a distance is
 * {@code 1 - similarity}.
 *
 * @param sameIdentitySimilarity  the model's verification threshold (two single faces above it: one person)
 * @param outlierMadFactor        k of the outlier rule {@code distance > max(1 - sameIdentitySimilarity,
 *                                median + k * 1.4826 * MAD)}, median and MAD taken over every image's
 *                                leave-one-out distance in the table
 * @param minOutlierFolderSize    folders with fewer images get no outlier verdict (with two images, which one is
 *                                the odd one is undecidable)
 * @param minClusterSize          a split folder has two 2-means clusters of at least this many images
 * @param sameFolderSimilarity    two folders whose centroids are more similar than this may be one person.
 *                                Higher than {@code sameIdentitySimilarity}: a centroid averages away the noise
 *                                of single photos, so different people's centroids are more alike than their
 *                                photos (on sample/people with Dlib: 47 of 630 pairs of different identities
 *                                have centroids above 0.92, the highest 0.951)
 * @param duplicateSimilarity     two images more similar than this are near-duplicates (the same photo, maybe
 *                                re-encoded or resized; different photos of one person stay below 0.99)
 * @param hashBits                random-hyperplane bits per band of the cross-folder duplicate blocking
 * @param hashBands               bands (independent hashes); a pair is compared when one band agrees
 * @param reportRows              rows per finding kind shown in the HTML report (the CSV files hold all)
 */
public record AuditSettings(double sameIdentitySimilarity, double outlierMadFactor, int minOutlierFolderSize,
                            int minClusterSize, double sameFolderSimilarity, double duplicateSimilarity,
                            int hashBits, int hashBands, int reportRows) implements java.io.Serializable {

    public static final double DEFAULT_OUTLIER_MAD_FACTOR = 5.0;
    public static final double DEFAULT_SAME_FOLDER_SIMILARITY = 0.96;
    public static final double DEFAULT_DUPLICATE_SIMILARITY = 0.995;

    public AuditSettings {
        if (!(sameIdentitySimilarity > 0 && sameIdentitySimilarity < 1)) {
            throw new IllegalArgumentException("--same-identity must be between 0 and 1, got " + sameIdentitySimilarity);
        }
        if (!(duplicateSimilarity > 0 && duplicateSimilarity <= 1)) {
            throw new IllegalArgumentException("--duplicate-similarity must be in (0, 1], got " + duplicateSimilarity);
        }
        if (!(sameFolderSimilarity > 0 && sameFolderSimilarity <= 1)) {
            throw new IllegalArgumentException("--same-folder-similarity must be in (0, 1], got " + sameFolderSimilarity);
        }
        if (hashBits < 1 || hashBits > 62 || hashBands < 1) {
            throw new IllegalArgumentException("hash bits must be 1..62 and bands at least 1");
        }
    }

    /** Defaults for {@code model}; {@code sameIdentity} overrides (and is required for a model not measured). */
    public static AuditSettings forModel(String model, Double sameIdentity) {
        double v = sameIdentity != null ? sameIdentity : SameIdentity.similarity(model).orElseThrow(() ->
                new IllegalArgumentException("no verification threshold is known for model '" + model
                        + "'; measure one with 'faceembed eval' and pass it as --same-identity"));
        // 14 bits x 16 bands on centred vectors. With Dlib a pair at 0.995 is ~0.97 once centred (angle 0.25 rad):
        // it meets in some band with probability ~0.997, while an unrelated pair (centred cosine ~0) meets with
        // probability 16 / 2^14 ~ 0.001, so about one pair in a thousand is compared.
        return new AuditSettings(v, DEFAULT_OUTLIER_MAD_FACTOR, 3, 2, DEFAULT_SAME_FOLDER_SIMILARITY,
                DEFAULT_DUPLICATE_SIMILARITY, 14, 16, 100);
    }

    public AuditSettings withSameFolderSimilarity(double s) {
        return new AuditSettings(sameIdentitySimilarity, outlierMadFactor, minOutlierFolderSize, minClusterSize, s,
                duplicateSimilarity, hashBits, hashBands, reportRows);
    }
}
