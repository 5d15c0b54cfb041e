package io.faceembed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationMetricsTest {

    private static final double EPS = 1e-12;
    private static final double NAN = Double.NaN;

    @Test
    void fourPairsWithKnownSimilaritiesGiveKnownBestThresholdAndAccuracy() {
        // sorted: 0.1 diff, 0.4 same, 0.5 diff, 0.9 same -> 3 of 4 right at 0.25 and at 0.7; the lower one wins
        double t = VerificationMetrics.bestThreshold(new double[] {0.9, 0.4, 0.5, 0.1},
                new boolean[] {true, true, false, false});
        assertEquals(0.25, t, EPS);
    }

    @Test
    void perfectlySeparableFoldsScoreFullAccuracyAndAucOne() {
        var s = VerificationMetrics.evaluate(new double[] {0.9, 0.1, 0.8, 0.3},
                new boolean[] {true, false, true, false}, new int[] {0, 0, 1, 1}, 2);
        assertEquals(1.0, s.accuracy(), EPS);
        assertEquals(0.0, s.std(), EPS);
        assertEquals(1.0, s.auc(), EPS);
        assertEquals(0.55, s.folds().get(0).threshold(), EPS, "fold 1 uses the midpoint of fold 2's 0.3 and 0.8");
        assertEquals(0.5, s.folds().get(1).threshold(), EPS, "fold 2 uses the midpoint of fold 1's 0.1 and 0.9");
        assertEquals(0.525, s.threshold(), EPS);
    }

    @Test
    void eachFoldsThresholdComesOnlyFromTheOtherFolds() {
        // fold A: same 0.8, 0.6; different 0.5, 0.2 -> separable by itself at 0.55
        // fold B: same 0.9, 0.7; different 0.65, 0.1 -> separable by itself at 0.675
        double[] sim = {0.8, 0.6, 0.5, 0.2, 0.9, 0.7, 0.65, 0.1};
        boolean[] same = {true, true, false, false, true, true, false, false};
        int[] fold = {0, 0, 0, 0, 1, 1, 1, 1};
        assertEquals(0.55, VerificationMetrics.bestThreshold(new double[] {0.8, 0.6, 0.5, 0.2},
                new boolean[] {true, true, false, false}), EPS, "tuned on itself, fold A would be perfect");

        var s = VerificationMetrics.evaluate(sim, same, fold, 2);

        // A tested at B's 0.675 loses its same pair at 0.6; B tested at A's 0.55 loses its different pair at 0.65
        assertEquals(0.675, s.folds().get(0).threshold(), EPS);
        assertEquals(3, s.folds().get(0).correct());
        assertEquals(0.55, s.folds().get(1).threshold(), EPS);
        assertEquals(3, s.folds().get(1).correct());
        assertEquals(0.75, s.accuracy(), EPS);
        assertEquals(0.6125, s.threshold(), EPS);
    }

    @Test
    void aPairWithoutSimilarityIsAnErrorInAccuracyAndRanksWorstInAuc() {
        // fold 1: same 0.9, different 0.1; fold 2: same 0.8, different pair with no face
        var s = VerificationMetrics.evaluate(new double[] {0.9, 0.1, 0.8, NAN},
                new boolean[] {true, false, true, false}, new int[] {0, 0, 1, 1}, 2);
        List<VerificationMetrics.Fold> folds = s.folds();
        assertEquals(2, folds.get(1).pairs(), "the pair without face stays in its fold");
        assertEquals(1, folds.get(1).correct());
        assertEquals(1.0, folds.get(0).accuracy(), EPS);
        assertEquals(0.75, s.accuracy(), EPS);
        assertEquals(0.25, s.std(), EPS, "population std of 1.0 and 0.5");
        // the different pair without face ranks above both same pairs: 2 of 4 orderings right
        assertEquals(0.5, s.auc(), EPS);
    }

    @Test
    void aSamePairWithoutSimilarityRanksBelowEveryPair() {
        assertEquals(0.5, VerificationMetrics.auc(new double[] {NAN, 0.9, 0.1}, new boolean[] {true, true, false}), EPS);
    }

    @Test
    void aucOfPerfectSeparationIsOneAndOfReversedIsZero() {
        boolean[] same = {true, true, false, false};
        assertEquals(1.0, VerificationMetrics.auc(new double[] {0.9, 0.7, 0.3, 0.1}, same), EPS);
        assertEquals(0.0, VerificationMetrics.auc(new double[] {0.1, 0.3, 0.7, 0.9}, same), EPS);
    }

    @Test
    void aucOfIdenticalScoresIsOneHalf() {
        assertEquals(0.5, VerificationMetrics.auc(new double[] {0.4, 0.4, 0.4, 0.4, 0.4},
                new boolean[] {true, false, true, false, false}), EPS);
    }

    @Test
    void aucCountsATieBetweenSameAndDifferentAsOneHalf() {
        // same {0.8, 0.5} vs different {0.5, 0.2}: 1 + 1 + 0.5 + 1 of 4
        assertEquals(0.875, VerificationMetrics.auc(new double[] {0.8, 0.5, 0.5, 0.2},
                new boolean[] {true, true, false, false}), EPS);
    }

    @Test
    void aucWithOneClassOnlyIsUndefined() {
        assertEquals(NAN, VerificationMetrics.auc(new double[] {0.8, 0.5}, new boolean[] {true, true}));
    }

    @Test
    void tiedScoresAreNeverSplitByTheThreshold() {
        // 0.5 holds a same and two different pairs: any threshold puts all three on one side, best above them
        double t = VerificationMetrics.bestThreshold(new double[] {0.5, 0.5, 0.5, 0.9},
                new boolean[] {true, false, false, true});
        assertEquals(0.7, t, EPS);
    }

    @Test
    void foldsOutsideTheRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.evaluate(new double[] {0.1, 0.2},
                new boolean[] {true, false}, new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.evaluate(new double[] {0.1, 0.2},
                new boolean[] {true, false}, new int[] {0, 0}, 1));
    }
}
