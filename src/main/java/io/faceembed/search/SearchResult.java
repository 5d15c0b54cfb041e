package io.faceembed.search;

import java.util.List;

/**
 * The stored images and identities nearest a query face, most similar first.
 *
 * @param method how the neighbours were found ("exact" or "pgvector hnsw")
 */
public record SearchResult(List<ImageHit> images, List<IdentityHit> identities, String method) {

    /** A stored image; {@code similarity} is that of its most similar face. */
    public record ImageHit(String path, String folder, double similarity) {
    }

    /**
     * A folder: {@code similarity} to its centroid (mean of its images' largest faces), {@code best} to its most
     * similar image.
     */
    public record IdentityHit(String folder, double similarity, double best, long images) {
    }
}
