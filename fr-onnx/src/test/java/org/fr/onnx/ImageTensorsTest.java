package org.fr.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.fr.RgbImage;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {
    /** The lookup-table NCHW conversion gives exactly the values of the plain formula, plane by plane. */
    @Test
    void nchwEqualsThePlainFormula() {
        RgbImage img = TestData.image("people/photos/lennon-1.jpg");
        Tensor t = ImageTensors.nchw("input", img, 127f, 1f / 128f);
        int plane = img.width() * img.height();
        assertThat(t.shape()).containsExactly(1, 3, img.height(), img.width());
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    float plain = (img.get(x, y, c) - 127f) * (1f / 128f);
                    assertThat(t.data()[c * plane + y * img.width() + x]).isEqualTo(plain);
                }
            }
        }
    }

    /** The one-pass 2x shrink gives exactly the tensor of Resampler's 2x shrink followed by nchw, odd sizes too. */
    @Test
    void halvedEqualsResizeThenNchw() {
        RgbImage img = TestData.image("people/photos/lennon-1.jpg");
        for (int[] size : new int[][] {{img.width(), img.height()}, {img.width() - 1, img.height() - 3}}) {
            RgbImage src = org.fr.Resampler.crop(img, 0, 0, size[0], size[1]);
            int w = src.width() / 2, h = src.height() / 2;
            Tensor expected = ImageTensors.nchw("input", org.fr.Resampler.resize(src, w, h), 127f, 1f / 128f);
            float[] reuse = new float[3 * w * h];
            Tensor fused = ImageTensors.nchwHalved("input", src, 127f, 1f / 128f, reuse);
            assertThat(fused.shape()).containsExactly(1, 3, h, w);
            assertThat(java.util.Arrays.equals(fused.data(), expected.data())).as("element for element equal").isTrue();
            assertThat(fused.data()).as("written into the reused array").isSameAs(reuse);
        }
    }
}
