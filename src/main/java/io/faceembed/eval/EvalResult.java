package io.faceembed.eval;

import java.util.List;

/**
 * What one evaluation measured.
 *
 * @param pairsFile        the pairs file read
 * @param imagesDir        the images folder used
 * @param model            embedder name
 * @param detector         detector name
 * @param signature        the pipeline signature id
 * @param metrics          k-fold accuracy, std, AUC, thresholds
 * @param pairs            number of pairs
 * @param samePairs        of which same-person pairs
 * @param images           distinct images embedded
 * @param imagesWithoutFace images that gave no embedding (no face, unreadable, undecodable)
 * @param noFacePairs      pairs with at least one such image; each counted as an error
 * @param seconds          wall time of the evaluation
 */
public record EvalResult(String pairsFile, String imagesDir, String model, String detector, String signature,
                         boolean foldsFromFile, VerificationMetrics.Summary metrics, int pairs, int samePairs, int images,
                         List<MissingImage> imagesWithoutFace, List<NoFacePair> noFacePairs, double seconds) {

    public EvalResult {
        imagesWithoutFace = List.copyOf(imagesWithoutFace);
        noFacePairs = List.copyOf(noFacePairs);
    }

    /**
     * An image without embedding.
     *
     * @param status {@code no_face} or {@code failed}
     * @param reason why it failed; null for {@code no_face}
     */
    public record MissingImage(String path, String status, String reason) {
    }

    /**
     * A pair counted as an error because an image has no face.
     *
     * @param line    line in the pairs file
     * @param label   the pair as the file wrote it
     * @param missing the pair's images without embedding ({@code left}, {@code right} or both)
     */
    public record NoFacePair(int line, String label, String left, String right, boolean same, int fold,
                             List<String> missing) {

        public NoFacePair {
            missing = List.copyOf(missing);
        }
    }
}
