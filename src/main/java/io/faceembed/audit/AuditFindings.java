package io.faceembed.audit;

import java.util.List;

/**
 * What the audit found, small enough for the driver: each list is sorted most suspicious first.
 *
 * @param summary      counts and the thresholds actually used
 * @param outliers     images unlike the rest of their folder
 * @param splits       folders whose images form two groups of different people
 * @param duplicates   pairs of near-identical images
 * @param closeFolders pairs of folders that may hold one person
 * @param histogram    leave-one-out distances of all images in folders of at least the minimum size
 * @param projection   2-D PCA of folder centroids (a sample when there are many)
 */
public record AuditFindings(Summary summary, List<Outlier> outliers, List<SplitFolder> splits,
                            List<DuplicatePair> duplicates, List<CloseFolders> closeFolders, Histogram histogram,
                            List<ProjectedFolder> projection) {

    /**
     * @param outlierThreshold the distance above which an image is an outlier: max(1 - sameIdentity,
     *                         median + k * 1.4826 * MAD)
     */
    public record Summary(String signature, String model, long images, long folders, long multiFaceImages,
                          double sameIdentitySimilarity, double medianDistance, double madDistance,
                          double outlierThreshold, double sameFolderSimilarity, double duplicateSimilarity) {
    }

    /**
     * @param nearestFolder the other folder whose centroid is most like the image (who it may be)
     * @param others        a few other images of the folder, for comparison
     */
    public record Outlier(String folder, String path, double distance, int folderSize, String nearestFolder,
                          double nearestSimilarity, List<String> others) {
    }

    public record SplitFolder(String folder, int size, double clusterSimilarity, List<String> clusterA,
                              List<String> clusterB) {
    }

    public record DuplicatePair(String pathA, String pathB, String folderA, String folderB, double similarity) {
        public boolean sameFolder() {
            return folderA.equals(folderB);
        }
    }

    public record CloseFolders(String folderA, String folderB, int sizeA, int sizeB, double similarity,
                               String examplePathA, String examplePathB) {
    }

    /** @param counts images per bin of width {@code width} starting at 0 */
    public record Histogram(double width, long[] counts) {
    }

    public record ProjectedFolder(String folder, double x, double y, boolean flagged) {
    }
}
