package org.fr.analyze;

import java.util.List;
import java.util.Objects;

import org.fr.Embedding;

/**
 * Trains a {@link GenderProbe}: L2-regularised logistic regression by full-batch gradient descent with a fixed
 * step and iteration count, so the result depends only on the examples and their order (deterministic, no random
 * state). Classes are weighted to count equally, so an unbalanced training set does not shift the decision.
 *
 * <p>Stateless and thread-safe.
 */
public final class GenderProbeTrainer {
    /** One labelled training example. */
    public record Example(Embedding embedding, boolean male) {
        public Example {
            Objects.requireNonNull(embedding, "embedding");
        }
    }

    private final double l2;
    private final int iterations;
    private final double step;

    /**
     * @param l2         weight of the penalty {@code l2/2 * |w|^2} (the bias is not penalised)
     * @param iterations gradient steps
     * @param step       learning rate
     */
    public GenderProbeTrainer(double l2, int iterations, double step) {
        if (!(l2 >= 0) || iterations < 1 || !(step > 0)) {
            throw new IllegalArgumentException("need l2 >= 0, iterations >= 1, step > 0");
        }
        this.l2 = l2;
        this.iterations = iterations;
        this.step = step;
    }

    /** The settings the bundled probe was trained with. */
    public static GenderProbeTrainer defaults() { return new GenderProbeTrainer(1e-5, 3000, 8.0); }

    /**
     * Fits a probe.
     *
     * @throws IllegalArgumentException without examples of both classes, or with embeddings of mixed models
     */
    public GenderProbe train(List<Example> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        String model = examples.get(0).embedding().modelId();
        int dim = examples.get(0).embedding().dimension();
        int males = 0;
        for (Example e : examples) {
            if (!e.embedding().modelId().equals(model) || e.embedding().dimension() != dim) {
                throw new IllegalArgumentException("training embeddings mix models: " + model + " and "
                        + e.embedding().modelId());
            }
            if (e.male()) males++;
        }
        int females = examples.size() - males;
        if (males == 0 || females == 0) throw new IllegalArgumentException("need examples of both genders");
        double wMale = examples.size() / (2.0 * males), wFemale = examples.size() / (2.0 * females);
        int n = examples.size();
        double[][] x = new double[n][];
        double[] y = new double[n], cw = new double[n];
        for (int i = 0; i < n; i++) {
            float[] v = examples.get(i).embedding().values();
            x[i] = new double[dim];
            for (int j = 0; j < dim; j++) x[i][j] = v[j];
            y[i] = examples.get(i).male() ? 1 : 0;
            cw[i] = examples.get(i).male() ? wMale : wFemale;
        }
        double[] w = new double[dim];
        double b = 0;
        double[] grad = new double[dim];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                for (int j = 0; j < dim; j++) z += w[j] * x[i][j];
                double err = cw[i] * (sigmoid(z) - y[i]);
                for (int j = 0; j < dim; j++) grad[j] += err * x[i][j];
                gb += err;
            }
            for (int j = 0; j < dim; j++) w[j] -= step * (grad[j] / n + l2 * w[j]);
            b -= step * gb / n;
        }
        float[] wf = new float[dim];
        for (int j = 0; j < dim; j++) wf[j] = (float) w[j];
        return new GenderProbe(model, wf, (float) b);
    }

    static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }
}
