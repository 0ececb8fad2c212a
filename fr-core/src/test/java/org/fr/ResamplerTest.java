package org.fr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static RgbImage gradient(int w, int h) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int i = (y * w + x) * 3;
            p[i] = (byte) (x * 255 / (w - 1));
            p[i + 1] = (byte) (y * 255 / (h - 1));
            p[i + 2] = 7;
        }
        return new RgbImage(w, h, p);
    }

    /** Reference: OpenCV INTER_LINEAR maps output x to source (x + 0.5) * scale - 0.5; checked by hand here. */
    @Test
    void bilinearUsesPixelCentres() {
        byte[] p = {0, 0, 0, 100, 100, 100}; // 2x1: black, grey 100
        RgbImage up = Resampler.resize(new RgbImage(2, 1, p), 4, 1);
        // source x for outputs 0..3: -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
        assertThat(up.get(0, 0, 0)).isEqualTo(0);
        assertThat(up.get(1, 0, 0)).isEqualTo(25);
        assertThat(up.get(2, 0, 0)).isEqualTo(75);
        assertThat(up.get(3, 0, 0)).isEqualTo(100);
    }

    @Test
    void shrinkingAveragesBlocks() {
        RgbImage img = gradient(640, 480);
        RgbImage small = Resampler.resize(img, 160, 120);
        assertThat(small.width()).isEqualTo(160);
        // A smooth gradient stays a gradient within 2 levels.
        for (int x = 0; x < 160; x += 17) {
            int expected = Math.round((x + 0.5f) * 4 - 0.5f) * 255 / 639;
            assertThat(small.get(x, 60, 0)).isBetween(expected - 2, expected + 2);
        }
        assertThat(small.get(80, 60, 2)).isEqualTo(7);
    }

    @Test
    void cropClipsToTheImage() {
        RgbImage img = gradient(50, 40);
        RgbImage c = Resampler.crop(img, -10, 30, 20, 20);
        assertThat(c.width()).isEqualTo(10);
        assertThat(c.height()).isEqualTo(10);
        assertThat(c.get(3, 2, 1)).isEqualTo(img.get(3, 32, 1));
    }
}
