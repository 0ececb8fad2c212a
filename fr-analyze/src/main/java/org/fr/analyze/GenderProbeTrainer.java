package org.fr.analyze;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.fr.Embedding;

/**
 * Trains a {@link GenderProbe}: class-balanced logistic regression with a penalty shaped by the embeddings' own
 * covariance, fitted by Newton's method.
 *
 * <p>The objective, over {@code n} examples {@code (x_i, y_i)} with class weights {@code c_i} (each class counts
 * as much as the other) and {@code z_i = w . x_i + b}, is
 * <pre>  (1/n) sum_i c_i logloss(y_i, sigmoid(z_i)) + (l2/2) w^T (C + floor * tr(C)/D * I) w</pre>
 * where {@code C} is the covariance of the training embeddings ({@code D} dimensions) and the bias is not
 * penalised. Why not a plain {@code |w|^2}: an identity embedding spends nearly all its variance on identity;
 * {@code faceplugin/fr_feature}'s covariance over LFW faces falls by four orders of magnitude between its 100th
 * and 200th eigenvalue, and gender lives largely in those low-variance directions. A plain L2 penalty shrinks
 * exactly those directions away (person-disjoint 5-fold cross-validation on the LFW training pool of
 * {@code fr train-gender-probe}: 0.886 with the earlier plain L2 of 1e-5), while the covariance-shaped one penalises
 * each direction relative to its spread, as whitening the embeddings first would (0.984 with the defaults). The
 * {@code floor} keeps the penalty positive definite in directions the training set never varies in. Because the
 * low-variance directions must be estimated, train on more people than the embedding's effective rank (several
 * hundred for {@code fr_feature}; with 100-200 people cross-validation stayed near chance).
 *
 * <p>Newton steps solve {@code H d = g} by Cholesky decomposition, halving a step while it does not lower the
 * objective, until the largest change of a parameter is below {@code 1e-10 * max(1, max|w|)} or
 * {@code maxIterations} is reached (the defaults converge in about 5). The result depends only on the examples and
 * their order: deterministic, no random state.
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
    private final double floor;
    private final int maxIterations;

    /**
     * @param l2            strength of the covariance-shaped penalty (&gt; 0)
     * @param floor         ridge added to the covariance, relative to its mean variance {@code tr(C)/D} (&gt; 0)
     * @param maxIterations most Newton steps (&gt;= 1)
     */
    public GenderProbeTrainer(double l2, double floor, int maxIterations) {
        if (!(l2 > 0) || !(floor > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("need l2 > 0, floor > 0, maxIterations >= 1; got " + l2 + ", " + floor
                    + ", " + maxIterations);
        }
        this.l2 = l2;
        this.floor = floor;
        this.maxIterations = maxIterations;
    }

    /**
     * The settings the bundled probe was trained with: {@code l2 = 0.1}, {@code floor = 1e-5}, at most 50 steps.
     * Chosen by person-disjoint 5-fold cross-validation on the training pool only (never on the evaluation list):
     * accuracy was flat, 0.982-0.984, for l2 from 0.03 to 0.3 and 1 to 10 photos per person; see docs/gender.md.
     */
    public static GenderProbeTrainer defaults() { return new GenderProbeTrainer(DEFAULT_L2, DEFAULT_FLOOR, DEFAULT_MAX_ITERATIONS); }

    /** The settings of {@link #defaults()}. */
    public static final double DEFAULT_L2 = 0.1, DEFAULT_FLOOR = 1e-5;
    public static final int DEFAULT_MAX_ITERATIONS = 50;

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
        int n = examples.size(), d = dim + 1; // the last parameter is the bias
        double wMale = n / (2.0 * males), wFemale = n / (2.0 * females);
        double[][] x = new double[n][d];
        double[] y = new double[n], cw = new double[n];
        for (int i = 0; i < n; i++) {
            float[] v = examples.get(i).embedding().values();
            for (int j = 0; j < dim; j++) x[i][j] = v[j];
            x[i][dim] = 1;
            y[i] = examples.get(i).male() ? 1 : 0;
            cw[i] = examples.get(i).male() ? wMale : wFemale;
        }
        double[][] q = penalty(x, dim);
        double[] w = new double[d];
        double loss = objective(x, y, cw, q, w);
        for (int it = 0; it < maxIterations; it++) {
            double[] g = new double[d];
            double[][] h = new double[d][d];
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(w, x[i]));
                double r = cw[i] * (p - y[i]) / n, c = cw[i] * p * (1 - p) / n;
                double[] xi = x[i];
                for (int a = 0; a < d; a++) {
                    g[a] += r * xi[a];
                    double cxa = c * xi[a];
                    double[] ha = h[a];
                    for (int b = 0; b <= a; b++) ha[b] += cxa * xi[b];
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) h[a][b] += q[a][b];
                g[a] += dot(q[a], w);
            }
            double[] step = choleskySolve(h, g);
            double t = 1, next = Double.POSITIVE_INFINITY;
            double[] candidate = w;
            for (int halvings = 0; halvings < 40; halvings++, t /= 2) {
                candidate = new double[d];
                for (int a = 0; a < d; a++) candidate[a] = w[a] - t * step[a];
                next = objective(x, y, cw, q, candidate);
                if (next <= loss) break;
            }
            if (!(next <= loss)) break; // no step lowers the objective: at the optimum to rounding
            double change = 0, size = 1;
            for (int a = 0; a < d; a++) {
                change = Math.max(change, Math.abs(candidate[a] - w[a]));
                size = Math.max(size, Math.abs(candidate[a]));
            }
            w = candidate;
            loss = next;
            if (change <= 1e-10 * size) break;
        }
        float[] wf = new float[dim];
        for (int j = 0; j < dim; j++) wf[j] = (float) w[j];
        return new GenderProbe(model, wf, (float) w[dim]);
    }

    /**
     * {@code l2 * (C + floor * tr(C)/D * I)} over the embedding part, zero on the bias row and column; only the
     * lower triangle is filled (the Newton system is symmetric).
     */
    private double[][] penalty(double[][] x, int dim) {
        int n = x.length;
        double[] mean = new double[dim];
        for (double[] xi : x) for (int j = 0; j < dim; j++) mean[j] += xi[j] / n;
        double[][] q = new double[dim + 1][dim + 1];
        double[] c = new double[dim];
        for (double[] xi : x) {
            for (int j = 0; j < dim; j++) c[j] = xi[j] - mean[j];
            for (int a = 0; a < dim; a++) {
                double ca = c[a] / n;
                for (int b = 0; b <= a; b++) q[a][b] += ca * c[b];
            }
        }
        double trace = 0;
        for (int a = 0; a < dim; a++) trace += q[a][a];
        double ridge = floor * trace / dim;
        for (int a = 0; a < dim; a++) {
            q[a][a] += ridge;
            for (int b = 0; b <= a; b++) q[a][b] *= l2;
            for (int b = 0; b < a; b++) q[b][a] = q[a][b];
        }
        return q;
    }

    /** The objective of the class comment at parameters {@code w} (bias last). */
    static double objective(double[][] x, double[] y, double[] cw, double[][] q, double[] w) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double z = dot(w, x[i]);
            // log(1 + e^z) - y z, computed without overflow
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            sum += cw[i] * (softplus - y[i] * z);
        }
        double pen = 0;
        for (int a = 0; a < w.length; a++) pen += w[a] * dot(q[a], w);
        return sum / x.length + pen / 2;
    }

    /**
     * Solves {@code A s = b} for a symmetric positive definite {@code A} given by its lower triangle (overwritten
     * by the Cholesky factor).
     *
     * @throws IllegalStateException if {@code A} is not positive definite
     */
    static double[] choleskySolve(double[][] a, double[] b) {
        int d = b.length;
        for (int j = 0; j < d; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) s -= a[j][k] * a[j][k];
            if (!(s > 0)) throw new IllegalStateException("Newton system not positive definite at row " + j);
            double l = Math.sqrt(s);
            a[j][j] = l;
            for (int i = j + 1; i < d; i++) {
                double t = a[i][j];
                double[] ai = a[i], aj = a[j];
                for (int k = 0; k < j; k++) t -= ai[k] * aj[k];
                a[i][j] = t / l;
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double t = b[i];
            for (int k = 0; k < i; k++) t -= a[i][k] * z[k];
            z[i] = t / a[i][i];
        }
        double[] s = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double t = z[i];
            for (int k = i + 1; k < d; k++) t -= a[k][i] * s[k];
            s[i] = t / a[i][i];
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }
}
