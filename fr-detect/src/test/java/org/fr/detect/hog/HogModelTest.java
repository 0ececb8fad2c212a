package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.fr.FrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HogModel} file round trip and errors on damaged files. */
class HogModelTest {
    private static HogModel random() {
        Random rnd = new Random(2);
        float[] w = new float[4 * 3 * HogFeatures.DIMS];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        return new HogModel(4, 3, w, -0.25f, new float[] {0.1f, -0.2f, 1.1f, 1.3f});
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        HogModel m = random();
        Path f = dir.resolve("m.hog");
        m.write(f);
        HogModel back = HogModel.read(f);
        assertThat(back.cellsX()).isEqualTo(4);
        assertThat(back.cellsY()).isEqualTo(3);
        assertThat(back.bias()).isEqualTo(-0.25f);
        assertThat(back.weights()).containsExactly(m.weights());
        assertThat(back.landmarkBox()).containsExactly(m.landmarkBox());
        assertThat(Files.size(f)).isEqualTo(5 + 4 * 4 + 4 + 4L * m.weights().length + 16 + 4);
    }

    @Test
    void truncatedFileIsAClearError() {
        byte[] b = random().toBytes();
        byte[] cut = Arrays.copyOf(b, b.length - 10);
        assertThatThrownBy(() -> HogModel.read(cut, "cut.hog")).isInstanceOf(FrException.class)
                .hasMessageContaining("cut.hog").hasMessageContaining("truncated");
    }

    @Test
    void corruptOrForeignFilesAreRejected() {
        byte[] b = random().toBytes();
        b[40] ^= 1;
        assertThatThrownBy(() -> HogModel.read(b, "bad.hog")).hasMessageContaining("bad.hog").hasMessageContaining("checksum");
        assertThatThrownBy(() -> HogModel.read("hello world, not a model".getBytes(), "x.onnx")).hasMessageContaining("bad magic");
    }

    @Test
    void bundledModelsLoad() {
        for (HogModel m : new HogModel[] {HogModel.bundled(), HogModel.bundledUpsampled()}) {
            assertThat(m.cellsX()).isEqualTo(10);
            assertThat(m.windowWidth()).isEqualTo(80);
        }
    }
}
