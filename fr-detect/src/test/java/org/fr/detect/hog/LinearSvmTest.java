package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link LinearSvm} on separable synthetic data: every example on its side with margin, deterministic by seed. */
class LinearSvmTest {
    /** Points on both sides of the plane {@code x . u = 0.3}, at least 0.5 away from it. */
    private static List<float[]> side(boolean positive, int n, Random rnd, float[] u) {
        List<float[]> out = new ArrayList<>();
        while (out.size() < n) {
            float[] x = new float[u.length];
            double dot = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
                dot += x[i] * u[i];
            }
            if (positive ? dot > 0.8 : dot < -0.2) out.add(x);
        }
        return out;
    }

    private static float[] unit(int d, Random rnd) {
        float[] u = new float[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            u[i] = (float) rnd.nextGaussian();
            n += u[i] * u[i];
        }
        for (int i = 0; i < d; i++) u[i] /= (float) Math.sqrt(n);
        return u;
    }

    @Test
    void separatesSeparableData() {
        Random rnd = new Random(3);
        float[] u = unit(20, rnd);
        List<float[]> pos = side(true, 300, rnd, u), neg = side(false, 500, rnd, u);
        LinearSvm.Fit fit = new LinearSvm(10, 1e-3, 2000).train(pos, neg, 1);
        for (float[] x : pos) assertThat(fit.score(x)).isGreaterThan(0f);
        for (float[] x : neg) assertThat(fit.score(x)).isLessThan(0f);
        // the normal found is the generating one, up to scale
        double dot = 0, n = 0;
        for (int i = 0; i < u.length; i++) {
            dot += fit.weights()[i] * u[i];
            n += fit.weights()[i] * fit.weights()[i];
        }
        assertThat(dot / Math.sqrt(n)).isGreaterThan(0.9);
    }

    @Test
    void sameSeedSameWeights() {
        Random rnd = new Random(5);
        float[] u = unit(10, rnd);
        List<float[]> pos = side(true, 100, rnd, u), neg = side(false, 100, rnd, u);
        LinearSvm svm = new LinearSvm(1, 0.1, 50);
        LinearSvm.Fit a = svm.train(pos, neg, 9), b = svm.train(pos, neg, 9);
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.bias()).isEqualTo(b.bias());
    }

    @Test
    void rejectsMissingClassAndBadC() {
        assertThatThrownBy(() -> new LinearSvm(0, 0.1, 5)).hasMessageContaining("C must be positive");
        assertThatThrownBy(() -> new LinearSvm(1, 0.1, 5).train(List.of(new float[2]), List.of(), 1))
                .hasMessageContaining("need positive and negative");
    }
}
