package io.faceembed.inference;

/**
 * Identifies what produced an embedding. Rows with another signature are another model's work: a re-run with a
 * different model, detector, model file or alignment embeds the images again and keeps the old rows.
 */
public record PipelineSignature(String model, String detector, String modelSha256, String detectorSha256,
                                String alignment) {

    /** Compact form stored in the {@code signature} column, e.g. {@code Dlib:1a2b3c4d|ssd:5e6f7a8b|align=v1}. */
    public String id() {
        return model + ":" + shortSha(modelSha256) + "|" + detector + ":" + shortSha(detectorSha256)
                + "|align=" + alignment;
    }

    private static String shortSha(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }
}
