/**
 * {@code faceembed audit}: what the stored embeddings say about a folder-per-person collection.
 *
 * <p>The rules, calibrated on sample/people with Dlib (face-api's recogniser), where the similarity of two photos
 * of one person has a median of 0.95 and of two strangers 0.84 (99th percentile 0.91):
 * <ul>
 *   <li><b>One face per image</b>: the largest box. In portraits that is the person named by the folder; the
 *       other faces of a group photo are bystanders. Images with several faces are counted in the summary.</li>
 *   <li><b>Outliers</b> (likely another person): each image's cosine distance to the centroid of the <i>other</i>
 *       images of its folder (leave-one-out, so the odd image does not pull the centroid its way). An image is an
 *       outlier above {@code max(1 - sameIdentity, median + 5 * 1.4826 * MAD)}, median and MAD taken over all
 *       images of the table: a folder of 3 to 6 images has too few distances for a spread of its own, and the
 *       table-wide spread adapts the rule to the model's scale. Folders under 3 images are not judged. On the
 *       sample: same-person distances reach 0.087 (99th percentile 0.064), the threshold comes out at 0.083, and
 *       an image of another person lies at 0.06 to 0.2 (median 0.14): 1 false alarm in 179 images, ~95% of
 *       random wrong images caught.</li>
 *   <li><b>Split folders</b>: spherical 2-means per folder, seeded with its least similar pair; both clusters of
 *       at least 2 images and cluster centroids less similar than the verification threshold. One person's photos
 *       split that way stay above 0.95 on the sample.</li>
 *   <li><b>Near-duplicate images</b>: similarity above 0.995 (different photos of one person stay below 0.99):
 *       all pairs within each folder, and across folders through random-hyperplane blocks on centred vectors
 *       ({@link io.faceembed.audit.HyperplaneBuckets}); exact below 5,000 images.</li>
 *   <li><b>Close folders</b> (maybe one person): centroid similarity above 0.96. Centroids average away the noise
 *       of single photos, so strangers' centroids are more alike than their photos (on the sample 47 of 630 pairs
 *       exceed 0.92, the highest 0.951); the verification threshold would flood the list. Exact below 10,000
 *       folders, else hyperplane blocks.</li>
 * </ul>
 */
package io.faceembed.audit;
