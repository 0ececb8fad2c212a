package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link GrayImage#rotatedPatch} against references: the unrotated {@link GrayImage#patch}, a quarter turn of it,
 * and a linear ramp (which bilinear sampling reproduces exactly, so any angle has a closed form). Tolerance: one
 * gray level (rounding).
 */
class GrayImageRotationTest {
    /** A 120 x 100 image of pseudo-random texture. */
    private static GrayImage texture() {
        byte[] p = new byte[120 * 100];
        long s = 12345;
        for (int i = 0; i < p.length; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            p[i] = (byte) (s >>> 56);
        }
        return new GrayImage(120, 100, p);
    }

    @Test
    void angleZeroIsThePlainPatch() {
        GrayImage img = texture();
        GrayImage a = img.rotatedPatch(60, 48, 50, 40, 0);
        GrayImage b = img.patch(60 - 25, 48 - 25, 50, 40);
        assertThat(a.pixels()).isEqualTo(b.pixels());
    }

    @Test
    void quarterTurnTransposesThePlainPatch() {
        GrayImage img = texture();
        int n = 30;
        GrayImage p0 = img.patch(60 - 15, 50 - 15, 30, n);
        GrayImage p90 = img.rotatedPatch(60, 50, 30, n, 90);
        // offset (du, dv) samples the source at (-dv, du): pixel (u, v) is the plain patch's (n - 1 - v, u)
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                assertThat(p90.get(u, v)).as("(%d, %d)", u, v).isCloseTo(p0.get(n - 1 - v, u), org.assertj.core.data.Offset.offset(1));
            }
        }
    }

    @Test
    void anyAngleOfALinearRampHasAClosedForm() {
        int w = 200, h = 160;
        byte[] p = new byte[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) p[y * w + x] = (byte) ((x + y) / 2);
        GrayImage ramp = new GrayImage(w, h, p);
        double cx = 100, cy = 80, side = 60;
        int size = 60;
        for (double deg : new double[] {-20, 15, 33}) {
            GrayImage out = ramp.rotatedPatch(cx, cy, side, size, deg);
            double a = Math.toRadians(deg);
            for (int v = 0; v < size; v++) {
                for (int u = 0; u < size; u++) {
                    double du = u + 0.5 - side / 2, dv = v + 0.5 - side / 2;
                    double sx = cx - 0.5 + du * Math.cos(a) - dv * Math.sin(a), sy = cy - 0.5 + du * Math.sin(a) + dv * Math.cos(a);
                    // bilinear between integer pixels of (x + y) / 2 rounded down: within one level of (sx + sy) / 2
                    assertThat((double) out.get(u, v)).as("%s deg (%d, %d)", deg, u, v).isCloseTo((sx + sy) / 2, org.assertj.core.data.Offset.offset(1.5));
                }
            }
        }
    }

    /** Content turned by -25 degrees, then by +25, is the content again (and turned the same way twice it is not). */
    @Test
    void turningBackUndoesATurn() {
        int w = 160, h = 160;
        byte[] p = new byte[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) p[y * w + x] = (byte) (128 + 60 * Math.sin(x / 7.0) + 60 * Math.cos(y / 5.0 + x / 11.0));
        GrayImage smooth = new GrayImage(w, h, p);
        GrayImage upright = smooth.rotatedPatch(80, 80, 40, 40, 0);
        GrayImage turned = smooth.rotatedPatch(80, 80, 100, 100, -25);
        assertThat(meanDiff(turned.rotatedPatch(50, 50, 40, 40, 25), upright)).isLessThan(3);
        assertThat(meanDiff(turned.rotatedPatch(50, 50, 40, 40, -25), upright)).isGreaterThan(15);
    }

    private static double meanDiff(GrayImage a, GrayImage b) {
        double s = 0;
        for (int i = 0; i < a.pixels().length; i++) s += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
        return s / a.pixels().length;
    }
}
