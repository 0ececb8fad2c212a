package org.fr.detect.hog;

import java.util.List;
import java.util.Random;

/**
 * A linear support vector machine, L2-regularised hinge loss, {@code min 1/2 |w|^2 + C sum max(0, 1 - y (w . x + b))},
 * solved by dual coordinate descent (Hsieh et al. 2008; the bias is an extra feature of value 1, regularised like
 * the weights). Examples are visited in an order drawn from {@code seed}, so a training is deterministic. Stops when
 * the spread of projected gradients falls below {@code tolerance} or after {@code maxEpochs}. Stateless; thread-safe.
 */
public final class LinearSvm {
    /** The fitted weights, bias and the number of epochs run. */
    public record Fit(float[] weights, float bias, int epochs) {
        public float score(float[] x) {
            double s = bias;
            for (int i = 0; i < weights.length; i++) s += weights[i] * x[i];
            return (float) s;
        }
    }

    private final double c;
    private final double tolerance;
    private final int maxEpochs;

    public LinearSvm(double c, double tolerance, int maxEpochs) {
        if (!(c > 0)) throw new IllegalArgumentException("C must be positive: " + c);
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive: " + tolerance);
        if (maxEpochs < 1) throw new IllegalArgumentException("maxEpochs must be at least 1: " + maxEpochs);
        this.c = c;
        this.tolerance = tolerance;
        this.maxEpochs = maxEpochs;
    }

    public Fit train(List<float[]> positives, List<float[]> negatives, long seed) {
        if (positives.isEmpty() || negatives.isEmpty()) throw new IllegalArgumentException("need positive and negative examples");
        int n = positives.size() + negatives.size();
        int d = positives.get(0).length;
        float[][] x = new float[n][];
        byte[] y = new byte[n];
        double[] qii = new double[n];
        for (int i = 0; i < n; i++) {
            boolean pos = i < positives.size();
            x[i] = pos ? positives.get(i) : negatives.get(i - positives.size());
            if (x[i].length != d) throw new IllegalArgumentException("example " + i + " has " + x[i].length + " features, expected " + d);
            y[i] = (byte) (pos ? 1 : -1);
            double q = 1;
            for (float v : x[i]) q += v * v;
            qii[i] = q;
        }
        double[] w = new double[d];
        double b = 0;
        double[] alpha = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random rnd = new Random(seed);
        int epoch = 0;
        while (epoch < maxEpochs) {
            epoch++;
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double maxPg = Double.NEGATIVE_INFINITY, minPg = Double.POSITIVE_INFINITY;
            for (int i : order) {
                float[] xi = x[i];
                double s = b;
                for (int k = 0; k < d; k++) s += w[k] * xi[k];
                double g = y[i] * s - 1;
                double pg = g;
                if (alpha[i] == 0) pg = Math.min(g, 0);
                else if (alpha[i] == c) pg = Math.max(g, 0);
                maxPg = Math.max(maxPg, pg);
                minPg = Math.min(minPg, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.min(Math.max(old - g / qii[i], 0), c);
                    double delta = (alpha[i] - old) * y[i];
                    for (int k = 0; k < d; k++) w[k] += delta * xi[k];
                    b += delta;
                }
            }
            if (maxPg - minPg < tolerance) break;
        }
        float[] wf = new float[d];
        for (int k = 0; k < d; k++) wf[k] = (float) w[k];
        return new Fit(wf, (float) b, epoch);
    }
}
