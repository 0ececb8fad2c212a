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
}
