package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KFoldVerificationTest {
    @Test
    void separableScoresGivePerfectAccuracyAndAThresholdBetweenClasses() {
        int n = 200;
        double[] s = new double[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            same[i] = i % 2 == 0;
            s[i] = same[i] ? 0.6 + i * 1e-4 : 0.1 + i * 1e-4;
            fold[i] = i % 10;
        }
        KFoldVerification.Result r = KFoldVerification.evaluate(s, same, fold, 10);
        assertThat(r.meanAccuracy()).isEqualTo(1.0);
        assertThat(r.std()).isZero();
        assertThat(r.meanThreshold()).isBetween(0.12, 0.6);
    }

    /** The chosen threshold is as good as the best of a brute-force scan over a fine grid. */
    @Test
    void bestThresholdMatchesBruteForce() {
        Random r = new Random(2);
        int n = 500;
        double[] s = new double[n];
        boolean[] same = new boolean[n];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            same[i] = r.nextBoolean();
            s[i] = (same[i] ? 0.5 : 0.2) + r.nextGaussian() * 0.15;
            idx.add(i);
        }
        double t = KFoldVerification.bestThreshold(s, same, idx);
        int best = 0;
        for (double g = -1; g <= 2; g += 1e-4) best = Math.max(best, correct(s, same, g));
        assertThat(correct(s, same, t)).isEqualTo(best);
    }

    private static int correct(double[] s, boolean[] same, double t) {
        int c = 0;
        for (int i = 0; i < s.length; i++) if ((s[i] >= t) == same[i]) c++;
        return c;
    }

    @Test
    void stdIsPopulationStd() {
        // folds 0 and 1, two pairs each; fold 0 all right, fold 1 half right
        double[] s = {0.9, 0.1, 0.9, 0.8};
        boolean[] same = {true, false, true, false};
        int[] fold = {0, 0, 1, 1};
        KFoldVerification.Result r = KFoldVerification.evaluate(s, same, fold, 2);
        assertThat(r.folds().get(0).accuracy()).isEqualTo(1.0);
        assertThat(r.folds().get(1).accuracy()).isEqualTo(0.5);
        assertThat(r.std()).isCloseTo(0.25, within(1e-12));
    }
}
