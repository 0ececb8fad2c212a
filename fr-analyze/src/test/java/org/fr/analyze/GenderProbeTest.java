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
