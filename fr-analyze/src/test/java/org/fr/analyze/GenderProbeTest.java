package org.fr.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fr.Embedding;
import org.fr.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenderProbeTest {
    @TempDir
    Path dir;

    /** Two unit-vector clouds around +u and -u (u = first axis) in 16 dimensions; {@code male} = the +u cloud. */
    private static List<GenderProbeTrainer.Example> clouds(long seed, int perClass, double spread) {
        Random r = new Random(seed);
        List<GenderProbeTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < 2 * perClass; i++) {
            boolean male = i % 2 == 0;
            float[] v = new float[16];
            for (int j = 0; j < v.length; j++) v[j] = (float) (r.nextGaussian() * spread);
            v[0] += male ? 1 : -1;
            out.add(new GenderProbeTrainer.Example(Embedding.normalised("test/model", v), male));
        }
        return out;
    }

    @Test
    void separatesTwoCloudsAndGeneralises() {
        GenderProbe probe = GenderProbeTrainer.defaults().train(clouds(1, 200, 0.3));
        int right = 0;
        List<GenderProbeTrainer.Example> test = clouds(2, 200, 0.3);
        for (var e : test) if ((probe.maleProbability(e.embedding()) >= 0.5) == e.male()) right++;
        assertThat((double) right / test.size()).isGreaterThanOrEqualTo(0.97);
        assertThat(probe.weights()[0]).as("the informative axis dominates").isGreaterThan(0);
    }

    @Test
    void trainingIsDeterministic() {
        List<GenderProbeTrainer.Example> data = clouds(3, 50, 0.5);
        GenderProbe a = GenderProbeTrainer.defaults().train(data), b = GenderProbeTrainer.defaults().train(data);
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.bias()).isEqualTo(b.bias());
    }

    @Test
    void classWeightsKeepAnUnbalancedSetCentred() {
        // 9 males per female, both clouds symmetric about the origin: the decision must stay near the middle.
        List<GenderProbeTrainer.Example> data = new ArrayList<>();
        for (var e : clouds(4, 450, 0.3)) if (e.male()) data.add(e);
        int females = 0;
        for (var e : clouds(5, 450, 0.3)) if (!e.male() && females++ < 50) data.add(e);
        GenderProbe probe = GenderProbeTrainer.defaults().train(data);
        float[] origin = new float[16];
        origin[1] = 1; // orthogonal to the informative axis
        assertThat(probe.maleProbability(Embedding.normalised("test/model", origin))).isCloseTo(0.5, within(0.25));
    }

    /**
     * An identity embedding's gender lies largely in directions of tiny variance; the covariance-shaped penalty must
     * still find it. Here the label is carried only by axis 1, whose spread is about 1e-2 of the other axes' (which are
     * pure noise): the probe must classify held-out examples almost perfectly and weigh axis 1 most.
     */
    @Test
    void findsASignalInALowVarianceDirection() {
        List<GenderProbeTrainer.Example> train = lowVariance(9, 400), test = lowVariance(10, 400);
        GenderProbe probe = GenderProbeTrainer.defaults().train(train);
        int right = 0;
        for (var e : test) if ((probe.maleProbability(e.embedding()) >= 0.5) == e.male()) right++;
        assertThat((double) right / test.size()).isGreaterThanOrEqualTo(0.95);
        float[] w = probe.weights();
        for (int j = 0; j < w.length; j++) if (j != 1) assertThat(Math.abs(w[1])).isGreaterThan(10 * Math.abs(w[j]));
    }

    /** Axis 0 constant (keeps vectors away from zero), axes 2..15 noise of spread 0.3, axis 1 the label: +-3e-3, noise 1e-3. */
    private static List<GenderProbeTrainer.Example> lowVariance(long seed, int n) {
        Random r = new Random(seed);
        List<GenderProbeTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean male = i % 2 == 0;
            float[] v = new float[16];
            v[0] = 1;
            for (int j = 2; j < v.length; j++) v[j] = (float) (r.nextGaussian() * 0.3);
            v[1] = (float) ((male ? 3e-3 : -3e-3) + r.nextGaussian() * 1e-3);
            out.add(new GenderProbeTrainer.Example(Embedding.normalised("test/model", v), male));
        }
        return out;
    }

    /**
     * Reference check of the optimiser: at the fitted parameters the gradient of the objective stated in
     * {@link GenderProbeTrainer}'s comment, computed here independently in double precision, must vanish (each
     * component below 1e-6 of the largest per-example term, allowing for the weights' rounding to float).
     */
    @Test
    void gradientVanishesAtTheFittedProbe() {
        List<GenderProbeTrainer.Example> data = clouds(11, 150, 0.6);
        double l2 = 0.1, floor = 1e-5;
        GenderProbe probe = new GenderProbeTrainer(l2, floor, 50).train(data);
        int n = data.size(), dim = 16;
        double males = data.stream().filter(GenderProbeTrainer.Example::male).count();
        double[][] x = new double[n][dim];
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) x[i][j] = data.get(i).embedding().get(j);
            for (int j = 0; j < dim; j++) mean[j] += x[i][j] / n;
        }
        double[][] cov = new double[dim][dim];
        double trace = 0;
        for (double[] xi : x) for (int a = 0; a < dim; a++) for (int b = 0; b < dim; b++) cov[a][b] += (xi[a] - mean[a]) * (xi[b] - mean[b]) / n;
        for (int a = 0; a < dim; a++) trace += cov[a][a];
        double[] w = new double[dim];
        for (int j = 0; j < dim; j++) w[j] = probe.weights()[j];
        double[] g = new double[dim + 1];
        for (int i = 0; i < n; i++) {
            boolean male = data.get(i).male();
            double c = male ? n / (2 * males) : n / (2 * (n - males));
            double z = probe.bias();
            for (int j = 0; j < dim; j++) z += w[j] * x[i][j];
            double r = c * (1 / (1 + Math.exp(-z)) - (male ? 1 : 0)) / n;
            for (int j = 0; j < dim; j++) g[j] += r * x[i][j];
            g[dim] += r;
        }
        for (int a = 0; a < dim; a++) {
            double qw = floor * trace / dim * w[a];
            for (int b = 0; b < dim; b++) qw += cov[a][b] * w[b];
            g[a] += l2 * qw;
        }
        for (double gi : g) assertThat(Math.abs(gi)).isLessThan(1e-6);
    }

    @Test
    void choleskySolvesASymmetricSystem() {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]] (lower triangle given), x = (1, -2, 3), b = A x = (0, -5, 7).
        double[][] a = {{4, 0, 0}, {2, 5, 0}, {0, 1, 3}};
        double[] s = GenderProbeTrainer.choleskySolve(a, new double[] {0, -5, 7});
        assertThat(s).containsExactly(new double[] {1, -2, 3}, within(1e-12));
        assertThatThrownBy(() -> GenderProbeTrainer.choleskySolve(new double[][] {{1, 0}, {2, 1}}, new double[] {1, 1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not positive definite");
    }

    @Test
    void fileRoundTripsExactly() throws IOException {
        GenderProbe probe = GenderProbeTrainer.defaults().train(clouds(6, 50, 0.5));
        Path f = dir.resolve("probe.tsv");
        probe.write(f, "test probe\nsecond line");
        GenderProbe back = GenderProbe.read(f);
        assertThat(back.modelId()).isEqualTo("test/model");
        assertThat(back.weights()).containsExactly(probe.weights());
        assertThat(back.bias()).isEqualTo(probe.bias());
    }

    @Test
    void truncatedOrMalformedFilesNameTheFileAndProblem() throws IOException {
        GenderProbe probe = GenderProbeTrainer.defaults().train(clouds(7, 20, 0.5));
        Path f = dir.resolve("probe.tsv");
        probe.write(f, "x");
        List<String> lines = Files.readAllLines(f);
        Path truncated = dir.resolve("truncated.tsv");
        Files.write(truncated, lines.subList(0, lines.size() - 3));
        assertThatThrownBy(() -> GenderProbe.read(truncated)).isInstanceOf(ModelException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("declares dimension 16 but holds 13");
        Path garbage = dir.resolve("garbage.tsv");
        Files.writeString(garbage, "model\tm\ndimension\t1\nbias\t0\nnot-a-number\n");
        assertThatThrownBy(() -> GenderProbe.read(garbage)).isInstanceOf(ModelException.class)
                .hasMessageContaining("line 4").hasMessageContaining("not-a-number");
        assertThatThrownBy(() -> GenderProbe.read(dir.resolve("missing.tsv"))).isInstanceOf(ModelException.class)
                .hasMessageContaining("missing.tsv");
    }

    @Test
    void rejectsEmbeddingsOfAnotherModel() {
        GenderProbe probe = GenderProbeTrainer.defaults().train(clouds(8, 20, 0.5));
        float[] v = new float[16];
        v[0] = 1;
        assertThatThrownBy(() -> probe.maleProbability(Embedding.normalised("other/model", v)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test/model").hasMessageContaining("other/model");
        assertThatThrownBy(() -> GenderProbeTrainer.defaults().train(List.of(new GenderProbeTrainer.Example(Embedding.normalised("m", v), true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both genders");
    }

    @Test
    void bundledProbeReadsArcFaceEmbeddings() {
        GenderProbe probe = GenderProbe.bundled();
        assertThat(probe.modelId()).isEqualTo("faceplugin/fr_feature");
        assertThat(probe.dimension()).isEqualTo(512);
    }
}
