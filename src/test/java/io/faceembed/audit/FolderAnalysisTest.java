package io.faceembed.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.search.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FolderAnalysisTest {

    /** Unit vectors around {@code centre} with a little noise. */
    static List<float[]> around(float[] centre, int n, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = centre.clone();
            for (int d = 0; d < v.length; d++) {
                v[d] += (float) (noise * (r.nextDouble() - 0.5));
            }
            out.add(Vectors.normalized(v));
        }
        return out;
    }

    static float[] axis(int dim, int i) {
        float[] v = new float[dim];
        v[i] = 1;
        return v;
    }

    @Test
    void leaveOneOutDistanceSingleOutTheOddImage() {
        List<float[]> folder = around(axis(8, 0), 5, 0.1, 1);
        folder.add(axis(8, 1));
        FolderAnalysis a = FolderAnalysis.of(folder, 3, 2);
        for (int i = 0; i < 5; i++) {
            assertTrue(a.looDistance()[i] < 0.05, "same-person image " + i + ": " + a.looDistance()[i]);
        }
        assertTrue(a.looDistance()[5] > 0.9, "odd image: " + a.looDistance()[5]);
        // Without leaving it out, the odd image pulls the centroid and looks closer than it is.
        assertTrue(a.distance()[5] < a.looDistance()[5]);
        assertEquals(1.0, Vectors.dot(a.centroid(), a.centroid()), 1e-5);
    }

    @Test
    void twoMeansSeparatesTwoPeople() {
        List<float[]> folder = new ArrayList<>(around(axis(8, 0), 3, 0.1, 2));
        folder.addAll(around(axis(8, 2), 4, 0.1, 3));
        FolderAnalysis a = FolderAnalysis.of(folder, 3, 2);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1}, a.cluster());
        assertArrayEquals(new int[] {3, 4}, a.clusterSizes());
        assertTrue(a.clusterSimilarity() < 0.1);
    }

    @Test
    void smallFoldersGetNoVerdict() {
        FolderAnalysis a = FolderAnalysis.of(around(axis(4, 0), 2, 0.1, 4), 3, 2);
        assertTrue(Double.isNaN(a.looDistance()[0]));
        assertTrue(Double.isNaN(a.clusterSimilarity()));
    }
}
