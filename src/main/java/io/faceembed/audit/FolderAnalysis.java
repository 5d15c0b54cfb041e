package io.faceembed.audit;

import io.faceembed.search.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one identity folder's embeddings say about it: its centroid (mean of the normalised embeddings,
 * renormalised), each image's distance to it, and a 2-means split. Pure arithmetic on one folder, so Spark can
 * run it per folder on the executors (folders are small: one person's photos).
 *
 * @param centroid      unit-length centroid of all images
 * @param distance      per image: {@code 1 - cos(image, centroid)}
 * @param looDistance   per image: distance to the centroid of the other images (leave-one-out, so that an odd
 *                      image does not pull the centroid towards itself); NaN in folders below the minimum size
 * @param cluster       per image: 0 or 1, the 2-means cluster; all 0 when the folder is too small to split
 * @param clusterSizes  images in clusters 0 and 1
 * @param clusterSimilarity cosine similarity of the two cluster centroids; NaN when not split
 */
public record FolderAnalysis(float[] centroid, double[] distance, double[] looDistance, int[] cluster,
                             int[] clusterSizes, double clusterSimilarity) {

    private static final int MAX_ITERATIONS = 20;

    public static FolderAnalysis of(List<float[]> embeddings, int minOutlierFolderSize, int minClusterSize) {
        int n = embeddings.size();
        int dim = embeddings.get(0).length;
        double[] sum = Vectors.sum(embeddings, dim);
        float[] centroid = Vectors.normalized(sum);
        double[] distance = new double[n];
        double[] loo = new double[n];
        for (int i = 0; i < n; i++) {
            float[] e = embeddings.get(i);
            distance[i] = 1 - Vectors.dot(centroid, e);
            if (n >= Math.max(2, minOutlierFolderSize)) {
                double[] rest = sum.clone();
                for (int d = 0; d < dim; d++) {
                    rest[d] -= e[d];
                }
                loo[i] = 1 - Vectors.dot(Vectors.normalized(rest), e);
            } else {
                loo[i] = Double.NaN;
            }
        }
        int[] cluster = new int[n];
        if (n < 2 * Math.max(1, minClusterSize)) {
            return new FolderAnalysis(centroid, distance, loo, cluster, new int[] {n, 0}, Double.NaN);
        }
        float[][] centres = twoMeans(embeddings, cluster);
        int ones = (int) Arrays.stream(cluster).filter(c -> c == 1).count();
        return new FolderAnalysis(centroid, distance, loo, cluster, new int[] {n - ones, ones},
                Vectors.dot(centres[0], centres[1]));
    }

    /** Spherical 2-means seeded with the least similar pair; fills {@code label}, returns the two centres. */
    static float[][] twoMeans(List<float[]> x, int[] label) {
        int n = x.size();
        int a = 0;
        int b = 1;
        double lowest = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = Vectors.dot(x.get(i), x.get(j));
                if (s < lowest) {
                    lowest = s;
                    a = i;
                    b = j;
                }
            }
        }
        float[][] centres = {x.get(a), x.get(b)};
        Arrays.fill(label, -1);
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int l = Vectors.dot(centres[0], x.get(i)) >= Vectors.dot(centres[1], x.get(i)) ? 0 : 1;
                changed |= l != label[i];
                label[i] = l;
            }
            if (!changed) {
                break;
            }
            for (int c = 0; c < 2; c++) {
                List<float[]> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (label[i] == c) {
                        members.add(x.get(i));
                    }
                }
                if (!members.isEmpty()) {
                    centres[c] = Vectors.normalized(Vectors.sum(members, x.get(0).length));
                }
            }
        }
        return centres;
    }
}
