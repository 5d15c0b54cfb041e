package io.faceembed.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Face verification metrics under the k-fold protocol of LFW's View 2.
 *
 * <p>A pair is predicted "same person" when its similarity is strictly above the threshold. For each fold the
 * threshold is chosen on the other folds only: the candidates are the midpoints between consecutive distinct
 * similarities of those pairs, plus one value below the lowest and one above the highest (everything same /
 * everything different); the candidate with the highest accuracy wins, the lowest such candidate on a tie. It is
 * then applied to the fold. Accuracy is the mean of the fold accuracies, {@code std} their population standard
 * deviation (divide by k).
 *
 * <p>A pair without a similarity ({@code NaN}: an image without a face) is always predicted wrong: it counts in
 * its fold's denominator as an error, plays no part in choosing thresholds (it is wrong whatever the threshold),
 * and in the ROC AUC it ranks as badly as possible (a same pair below every pair, a different pair above every
 * pair).
 *
 * <p>ROC AUC is computed over all pairs from the Mann-Whitney rank statistic; tied similarities get their average
 * rank, so a tie between a same and a different pair counts one half.
 */
public final class VerificationMetrics {

    /** Distance of the outer candidates from the lowest / highest similarity. */
    private static final double OUTER_MARGIN = 1e-6;

    private VerificationMetrics() {
    }

    /**
     * One fold's result.
     *
     * @param fold      0-based fold index
     * @param pairs     pairs in the fold, missing ones included
     * @param correct   pairs predicted right
     * @param threshold threshold chosen on the other folds
     */
    public record Fold(int fold, int pairs, int correct, double threshold) {

        public double accuracy() {
            return pairs == 0 ? Double.NaN : (double) correct / pairs;
        }
    }

    /**
     * @param accuracy  mean fold accuracy
     * @param std       population standard deviation of the fold accuracies
     * @param auc       ROC AUC over all pairs; NaN when one class is absent
     * @param threshold mean of the fold thresholds
     */
    public record Summary(List<Fold> folds, double accuracy, double std, double auc, double threshold) {

        public Summary {
            folds = List.copyOf(folds);
        }
    }

    /**
     * @param similarity one value per pair, {@code NaN} where the pair has no similarity
     * @param same       whether each pair shows the same person
     * @param fold       each pair's 0-based fold, below {@code folds}
     * @param folds      number of folds, at least 2
     */
    public static Summary evaluate(double[] similarity, boolean[] same, int[] fold, int folds) {
        if (similarity.length != same.length || same.length != fold.length) {
            throw new IllegalArgumentException("similarity, same and fold must have one entry per pair");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("k-fold evaluation needs at least 2 folds, got " + folds);
        }
        for (int f : fold) {
            if (f < 0 || f >= folds) {
                throw new IllegalArgumentException("fold " + f + " outside 0.." + (folds - 1));
            }
        }
        List<Fold> results = new ArrayList<>(folds);
        for (int k = 0; k < folds; k++) {
            final int test = k;
            int[] train = IntStream.range(0, fold.length).filter(i -> fold[i] != test).toArray();
            int[] held = IntStream.range(0, fold.length).filter(i -> fold[i] == test).toArray();
            double t = bestThreshold(pick(similarity, train), pick(same, train));
            results.add(new Fold(k, held.length, correct(similarity, same, held, t), t));
        }
        double[] acc = results.stream().filter(r -> r.pairs() > 0).mapToDouble(Fold::accuracy).toArray();
        double mean = Arrays.stream(acc).average().orElse(Double.NaN);
        double var = Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).average().orElse(Double.NaN);
        double threshold = results.stream().mapToDouble(Fold::threshold).filter(Double::isFinite).average().orElse(Double.NaN);
        return new Summary(results, mean, Math.sqrt(var), auc(similarity, same), threshold);
    }

    /**
     * The threshold that classifies the most pairs right ("same" when similarity is above it); pairs with a
     * {@code NaN} similarity are ignored. NaN when no pair has a similarity.
     */
    public static double bestThreshold(double[] similarity, boolean[] same) {
        int[] order = IntStream.range(0, similarity.length).filter(i -> !Double.isNaN(similarity[i]))
                .boxed().sorted(Comparator.comparingDouble(i -> similarity[i])).mapToInt(Integer::intValue).toArray();
        int n = order.length;
        if (n == 0) {
            return Double.NaN;
        }
        int sameTotal = 0;
        for (int i : order) {
            sameTotal += same[i] ? 1 : 0;
        }
        // Threshold just below sorted[0]: all predicted same, so the same pairs are right.
        int bestCorrect = sameTotal;
        double best = similarity[order[0]] - OUTER_MARGIN;
        int differentBelow = 0;
        int sameBelow = 0;
        for (int p = 1; p <= n; p++) {
            int prev = order[p - 1];
            if (same[prev]) {
                sameBelow++;
            } else {
                differentBelow++;
            }
            boolean gap = p == n || similarity[order[p]] > similarity[prev];
            if (!gap) {
                continue;
            }
            int correct = differentBelow + (sameTotal - sameBelow);
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = p == n ? similarity[prev] + OUTER_MARGIN : (similarity[prev] + similarity[order[p]]) / 2;
            }
        }
        return best;
    }

    /**
     * ROC AUC from the rank statistic: the probability that a random same pair scores above a random different
     * pair, ties counting one half. A same pair without similarity ranks lowest, a different one highest.
     */
    public static double auc(double[] similarity, boolean[] same) {
        int n = similarity.length;
        double[] score = new double[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            boolean missing = Double.isNaN(similarity[i]);
            score[i] = missing ? (same[i] ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : similarity[i];
            positives += same[i] ? 1 : 0;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double positiveRankSum = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && score[order[end + 1]] == score[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int r = start; r <= end; r++) {
                if (same[order[r]]) {
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    private static int correct(double[] similarity, boolean[] same, int[] indices, double threshold) {
        int correct = 0;
        for (int i : indices) {
            double s = similarity[i];
            if (!Double.isNaN(s) && !Double.isNaN(threshold) && (s > threshold) == same[i]) {
                correct++;
            }
        }
        return correct;
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }

    private static boolean[] pick(boolean[] values, int[] indices) {
        boolean[] out = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = values[indices[k]];
        }
        return out;
    }
}
