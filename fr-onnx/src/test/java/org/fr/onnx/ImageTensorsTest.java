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
            Tensor fused = ImageTensors.nchwHalved("input", src, 127f, 1f / 128f);
            assertThat(fused.shape()).containsExactly(1, 3, h, w);
            assertThat(java.util.Arrays.equals(fused.data(), expected.data())).as("element for element equal").isTrue();
            java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(4 * 3 * w * h)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            ImageTensors.writeNchwHalved(src, 127f, 1f / 128f, direct);
            float[] written = new float[3 * w * h];
            direct.get(0, written);
            assertThat(java.util.Arrays.equals(written, expected.data())).as("written into a direct buffer").isTrue();
        }
    }

    /**
     * The word-at-a-time kernel against the plain formula on random and saturated images of every width residue
     * (the tail loop), with another normalisation: exact equality.
     */
    @Test
    void halvedKernelEqualsPlainFormulaOnRandomAndSaturatedImages() {
        java.util.Random random = new java.util.Random(7);
        for (int width = 2; width <= 21; width++) {
            for (int height : new int[] {2, 3, 6}) {
                for (int fill : new int[] {-1, 0, 255}) {
                    byte[] px = new byte[width * height * 3];
                    if (fill < 0) random.nextBytes(px);
                    else java.util.Arrays.fill(px, (byte) fill);
                    RgbImage img = new RgbImage(width, height, px);
                    int w = width / 2, h = height / 2, plane = w * h;
                    float[] expected = new float[3 * plane];
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            for (int c = 0; c < 3; c++) {
                                int a = (2 * y * width + 2 * x) * 3 + c, b = a + width * 3;
                                int v = ((px[a] & 0xFF) + (px[a + 3] & 0xFF) + (px[b] & 0xFF) + (px[b + 3] & 0xFF) + 2) >> 2;
                                expected[c * plane + y * w + x] = (v - 0.5f) * (1f / 255f);
                            }
                        }
                    }
                    float[] got = ImageTensors.nchwHalved("x", img, 0.5f, 1f / 255f).data();
                    assertThat(java.util.Arrays.equals(got, expected)).as(width + "x" + height + " fill " + fill).isTrue();
                }
            }
        }
    }
}
