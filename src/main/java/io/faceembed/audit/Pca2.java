package io.faceembed.audit;

import java.util.List;
import java.util.SplittableRandom;

/** The first two principal components of a few thousand vectors, by power iteration on the covariance. */
final class Pca2 {

    private static final int ITERATIONS = 200;

    private Pca2() {
    }

    /** Coordinates of each vector on the two main axes (centred on the mean). */
    static double[][] project(List<float[]> vectors) {
        int n = vectors.size();
        if (n == 0) {
            return new double[0][2];
        }
        int dim = vectors.get(0).length;
        double[] mean = new double[dim];
        for (float[] v : vectors) {
            for (int d = 0; d < dim; d++) {
                mean[d] += v[d] / (double) n;
            }
        }
        double[][] cov = new double[dim][dim];
        double[] c = new double[dim];
        for (float[] v : vectors) {
            for (int d = 0; d < dim; d++) {
                c[d] = v[d] - mean[d];
            }
            for (int i = 0; i < dim; i++) {
                for (int j = i; j < dim; j++) {
                    cov[i][j] += c[i] * c[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) {
                cov[i][j] = cov[j][i];
            }
        }
        double[] first = mainAxis(cov, null);
        double[] second = mainAxis(cov, first);
        double[][] out = new double[n][2];
        for (int k = 0; k < n; k++) {
            float[] v = vectors.get(k);
            for (int d = 0; d < dim; d++) {
                out[k][0] += (v[d] - mean[d]) * first[d];
                out[k][1] += (v[d] - mean[d]) * second[d];
            }
        }
        return out;
    }

    /** Leading eigenvector of {@code cov}, orthogonal to {@code except} when given. */
    private static double[] mainAxis(double[][] cov, double[] except) {
        int dim = cov.length;
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[dim];
        for (int d = 0; d < dim; d++) {
            x[d] = random.nextDouble() - 0.5;
        }
        for (int it = 0; it < ITERATIONS; it++) {
            if (except != null) {
                double p = 0;
                for (int d = 0; d < dim; d++) {
                    p += x[d] * except[d];
                }
                for (int d = 0; d < dim; d++) {
                    x[d] -= p * except[d];
                }
            }
            double[] y = new double[dim];
            for (int i = 0; i < dim; i++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += cov[i][j] * x[j];
                }
                y[i] = s;
            }
            double norm = 0;
            for (double v : y) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return x;
            }
            for (int d = 0; d < dim; d++) {
                x[d] = y[d] / norm;
            }
        }
        return x;
    }
}
