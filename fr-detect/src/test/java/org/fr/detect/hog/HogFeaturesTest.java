package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.fr.ImageDecoder;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link HogFeatures} against a plain reference written straight from the paper's recipe (double precision, 9 dot
 * products per pixel, bounds checks instead of a border, per-cell loops): every value within 1e-4 absolute.
 */
class HogFeaturesTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void matchesReferenceOnRandomImages() {
        Random rnd = new Random(7);
        for (int[] size : new int[][] {{24, 24}, {37, 29}, {64, 48}, {50, 81}}) {
            byte[] px = new byte[size[0] * size[1]];
            rnd.nextBytes(px);
            compare(new GrayImage(size[0], size[1], px));
        }
    }

    @Test
    void matchesReferenceOnARealPhoto() {
        GrayImage g = GrayImage.of(ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg")));
        compare(g.patch(100, 60, 120, 120));
    }

    @Test
    void tooSmallImagesHaveNoCells() {
        HogFeatures f = HogFeatures.compute(new GrayImage(23, 40, new byte[23 * 40]));
        assertThat(f.cellsX()).isZero();
    }

    @Test
    void flatImageHasZeroFeatures() {
        HogFeatures f = HogFeatures.compute(new GrayImage(40, 40, new byte[1600]));
        assertThat(f.cellsX()).isEqualTo(3);
        for (int k = 0; k < HogFeatures.DIMS; k++) assertThat(f.get(1, 1, k)).isEqualTo(0f);
    }

    private static void compare(GrayImage img) {
        double[][][] ref = reference(img);
        HogFeatures f = HogFeatures.compute(img);
        assertThat(f.cellsY()).isEqualTo(ref.length);
        assertThat(f.cellsX()).isEqualTo(ref[0].length);
        double nonZero = 0;
        for (int y = 0; y < ref.length; y++) {
            for (int x = 0; x < ref[0].length; x++) {
                for (int k = 0; k < HogFeatures.DIMS; k++) {
                    assertThat((double) f.get(x, y, k)).as("cell %d,%d feature %d", x, y, k).isCloseTo(ref[y][x][k], org.assertj.core.data.Offset.offset(TOLERANCE));
                    nonZero += Math.abs(ref[y][x][k]);
                }
            }
        }
        assertThat(nonZero).isGreaterThan(0);
    }

    /** Felzenszwalb's features, computed the plain way. Result [cellY][cellX][31]. */
    static double[][][] reference(GrayImage img) {
        int w = img.width(), h = img.height(), s = 8;
        int bx = w / s, by = h / s;
        double[][][] hist = new double[by][bx][18];
        for (int y = 1; y < by * s - 1; y++) {
            for (int x = 1; x < bx * s - 1; x++) {
                double dx = img.get(x + 1, y) - img.get(x - 1, y);
                double dy = img.get(x, y + 1) - img.get(x, y - 1);
                double v = Math.sqrt(dx * dx + dy * dy);
                double best = 0;
                int o = 0;
                for (int i = 0; i < 9; i++) {
                    double dot = HogFeatures.UU[i] * dx + HogFeatures.VV[i] * dy;
                    if (dot > best) { best = dot; o = i; } else if (-dot > best) { best = -dot; o = i + 9; }
                }
                double xp = (x + 0.5) / s - 0.5, yp = (y + 0.5) / s - 0.5;
                int ix = (int) Math.floor(xp), iy = (int) Math.floor(yp);
                double vx0 = xp - ix, vy0 = yp - iy;
                for (int cy = iy; cy <= iy + 1; cy++) {
                    for (int cx = ix; cx <= ix + 1; cx++) {
                        if (cx < 0 || cy < 0 || cx >= bx || cy >= by) continue;
                        double wx = cx == ix ? 1 - vx0 : vx0, wy = cy == iy ? 1 - vy0 : vy0;
                        hist[cy][cx][o] += wx * wy * v;
                    }
                }
            }
        }
        double[][] norm = new double[by][bx];
        for (int y = 0; y < by; y++) for (int x = 0; x < bx; x++) for (int o = 0; o < 9; o++) {
            double u = hist[y][x][o] + hist[y][x][o + 9];
            norm[y][x] += u * u;
        }
        int ox = Math.max(0, bx - 2), oy = Math.max(0, by - 2);
        double[][][] out = new double[oy][ox][31];
        for (int y = 0; y < oy; y++) {
            for (int x = 0; x < ox; x++) {
                int cx = x + 1, cy = y + 1;
                double[] n = new double[4];
                int i = 0;
                for (int[] d : new int[][] {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}) {
                    double e = 0;
                    for (int yy = Math.min(cy, cy + d[1]); yy <= Math.max(cy, cy + d[1]); yy++)
                        for (int xx = Math.min(cx, cx + d[0]); xx <= Math.max(cx, cx + d[0]); xx++) e += norm[yy][xx];
                    n[i++] = 1 / Math.sqrt(e + 1e-4);
                }
                double[] t = new double[4];
                for (int o = 0; o < 18; o++) {
                    double sum = 0;
                    for (int j = 0; j < 4; j++) {
                        double c = Math.min(hist[cy][cx][o] * n[j], 0.2);
                        sum += c;
                        t[j] += c;
                    }
                    out[y][x][o] = 0.5 * sum;
                }
                for (int o = 0; o < 9; o++) {
                    double sum = 0;
                    for (int j = 0; j < 4; j++) sum += Math.min((hist[cy][cx][o] + hist[cy][cx][o + 9]) * n[j], 0.2);
                    out[y][x][18 + o] = 0.5 * sum;
                }
                for (int j = 0; j < 4; j++) out[y][x][27 + j] = 0.2357 * t[j];
            }
        }
        return out;
    }
}
