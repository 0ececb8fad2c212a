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

    /** The floating-point bilinear formula the fixed-point {@link Resampler#bilinear} replaced: the reference. */
    private static RgbImage plainBilinear(RgbImage img, int width, int height) {
        int sw = img.width(), sh = img.height();
        byte[] src = img.pixels();
        byte[] out = new byte[width * height * 3];
        double sx = (double) sw / width, sy = (double) sh / height;
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int j = (int) Math.floor(fy);
            float t = (float) (fy - j);
            if (j < 0) { j = 0; t = 0; }
            if (j >= sh - 1) { j = sh - 1; t = 0; }
            for (int x = 0; x < width; x++) {
                double fx = (x + 0.5) * sx - 0.5;
                int i = (int) Math.floor(fx);
                float u = (float) (fx - i);
                if (i < 0) { i = 0; u = 0; }
                if (i >= sw - 1) { i = sw - 1; u = 0; }
                int i1 = Math.min(i + 1, sw - 1), j1 = Math.min(j + 1, sh - 1);
                for (int c = 0; c < 3; c++) {
                    float top = img.get(i, j, c) * (1 - u) + img.get(i1, j, c) * u;
                    float bot = img.get(i, j1, c) * (1 - u) + img.get(i1, j1, c) * u;
                    out[(y * width + x) * 3 + c] = (byte) Math.round(top * (1 - t) + bot * t);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Fixed point against floating point on a real photo, enlarging and shrinking: within one grey level. */
    @Test
    void fixedPointBilinearMatchesTheFloatingPointFormula() {
        RgbImage photo = TestData.image("people/photos/lennon-1.jpg");
        int[][] sizes = {{photo.width() * 3 / 2, photo.height() * 5 / 4}, {photo.width() * 2 / 3, photo.height() * 3 / 4}, {112, 97}};
        for (int[] s : sizes) {
            RgbImage fast = Resampler.bilinear(photo, s[0], s[1]);
            RgbImage plain = plainBilinear(photo, s[0], s[1]);
            int maxDiff = 0, differing = 0;
            for (int i = 0; i < fast.pixels().length; i++) {
                int d = Math.abs((fast.pixels()[i] & 0xFF) - (plain.pixels()[i] & 0xFF));
                maxDiff = Math.max(maxDiff, d);
                if (d > 0) differing++;
            }
            assertThat(maxDiff).as("largest difference at %dx%d", s[0], s[1]).isLessThanOrEqualTo(1);
            assertThat((double) differing / fast.pixels().length).as("share of values off by one").isLessThan(0.05);
        }
    }

    @Test
    void halvingIsOneBlockAverage() {
        RgbImage img = gradient(640, 480);
        RgbImage half = Resampler.resize(img, 320, 240);
        int expected = ((img.get(20, 10, 0) + img.get(21, 10, 0) + img.get(20, 11, 0) + img.get(21, 11, 0)) + 2) / 4;
        assertThat(half.get(10, 5, 0)).isEqualTo(expected);
    }

    /** The unrolled halving is the general block average, exactly, on a real photo with odd sizes. */
    @Test
    void unrolledHalvingEqualsTheGeneralBlockAverage() {
        RgbImage photo = TestData.image("people/photos/multiface.jpg");
        RgbImage odd = Resampler.crop(photo, 1, 1, photo.width() - 1 | 1, photo.height() - 1 | 1);
        for (RgbImage img : new RgbImage[] {photo, odd}) {
            assertThat(Resampler.halve(img).pixels()).isEqualTo(Resampler.boxShrinkAnyFactor(img, 2).pixels());
        }
    }

    /** Resizing a region in place equals cropping it first, exactly, for every path (bilinear, halving, any factor). */
    @Test
    void cropAndResizeEqualsCropThenResize() {
        RgbImage photo = TestData.image("people/photos/multiface.jpg");
        int[][] boxes = {
            {100, 80, 168, 218}, {-20, -10, 150, 130}, {photo.width() - 90, photo.height() - 70, 200, 200},
            {37, 41, 64, 64}, {10, 20, 40, 30}, {5, 5, 300, 250}, {0, 0, photo.width(), photo.height()}};
        for (int[] b : boxes) {
            for (int[] size : new int[][] {{64, 64}, {112, 112}, {48, 48}, {24, 24}, {200, 150}}) {
                RgbImage expected = Resampler.resize(Resampler.crop(photo, b[0], b[1], b[2], b[3]), size[0], size[1]);
                RgbImage got = Resampler.cropAndResize(photo, b[0], b[1], b[2], b[3], size[0], size[1]);
                assertThat(got.width()).isEqualTo(expected.width());
                assertThat(got.height()).isEqualTo(expected.height());
                assertThat(java.util.Arrays.equals(got.pixels(), expected.pixels()))
                        .as(java.util.Arrays.toString(b) + " to " + size[0] + "x" + size[1]).isTrue();
            }
        }
    }

    /** The 2x2 fixed-point blend per output value, as the separable {@link Resampler#bilinear} replaced it: the reference. */
    private static RgbImage directFixedPointBilinear(RgbImage img, int width, int height) {
        int sw = img.width(), sh = img.height(), one = 1 << 11, round = 1 << 21;
        byte[] src = img.pixels(), out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) * sh / height - 0.5;
            int j = (int) Math.floor(fy);
            double ty = fy - j;
            if (j < 0) { j = 0; ty = 0; }
            if (j >= sh - 1) { j = sh - 1; ty = 0; }
            int v = (int) Math.round(ty * one), v0 = one - v, j1 = Math.min(j + 1, sh - 1);
            for (int x = 0; x < width; x++) {
                double fx = (x + 0.5) * sw / width - 0.5;
                int i = (int) Math.floor(fx);
                double tx = fx - i;
                if (i < 0) { i = 0; tx = 0; }
                if (i >= sw - 1) { i = sw - 1; tx = 0; }
                int u = (int) Math.round(tx * one), u0 = one - u, i1 = Math.min(i + 1, sw - 1);
                for (int c = 0; c < 3; c++) {
                    int top = (src[(j * sw + i) * 3 + c] & 0xFF) * u0 + (src[(j * sw + i1) * 3 + c] & 0xFF) * u;
                    int bot = (src[(j1 * sw + i) * 3 + c] & 0xFF) * u0 + (src[(j1 * sw + i1) * 3 + c] & 0xFF) * u;
                    out[(y * width + x) * 3 + c] = (byte) ((top * v0 + bot * v + round) >> 22);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Blending rows first, then columns, is exactly the per-square fixed-point blend, enlarging and shrinking. */
    @Test
    void separableBilinearEqualsTheDirectFixedPointBlend() {
        RgbImage photo = TestData.image("people/photos/multiface.jpg");
        RgbImage part = Resampler.crop(photo, 40, 30, 97, 83);
        for (int[] size : new int[][] {{64, 64}, {50, 70}, {97, 83}, {150, 120}, {1, 1}, {300, 17}}) {
            RgbImage expected = directFixedPointBilinear(part, size[0], size[1]);
            assertThat(java.util.Arrays.equals(Resampler.bilinear(part, size[0], size[1]).pixels(), expected.pixels()))
                    .as(size[0] + "x" + size[1]).isTrue();
        }
    }
}
