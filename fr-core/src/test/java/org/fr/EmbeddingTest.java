package org.fr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingTest {
    @Test
    void normalisesAndCompares() {
        Embedding a = Embedding.normalised("m", new float[] {3, 4});
        assertThat(a.get(0)).isCloseTo(0.6f, within(1e-6f));
        Embedding b = Embedding.normalised("m", new float[] {4, 3});
        assertThat(a.cosine(b)).isCloseTo(0.96f, within(1e-6f));
        assertThat(a.squaredDistance(b)).isCloseTo(0.08f, within(1e-5f));
    }

    @Test
    void refusesMixedModelsZeroAndNonUnit() {
        Embedding a = Embedding.normalised("m1", new float[] {1, 0});
        Embedding b = Embedding.normalised("m2", new float[] {1, 0});
        assertThatThrownBy(() -> a.cosine(b)).hasMessageContaining("m1").hasMessageContaining("m2");
        assertThatThrownBy(() -> Embedding.normalised("m", new float[] {0, 0})).hasMessageContaining("zeros");
        assertThatThrownBy(() -> Embedding.normalised("m", new float[] {Float.NaN})).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Embedding.ofUnitVector("m", new float[] {1, 1})).hasMessageContaining("unit");
        assertThatThrownBy(() -> Embedding.ofUnitVector("m", new float[] {Float.NaN, 1})).hasMessageContaining("non-finite value at index 0");
    }

    @Test
    void valuesAreCopies() {
        Embedding a = Embedding.normalised("m", new float[] {1, 0});
        a.values()[0] = 5;
        assertThat(a.get(0)).isEqualTo(1f);
    }
}
