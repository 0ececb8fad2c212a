package org.fr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaceAlignerTest {
    /** Landmarks already on the template give the identity transform and a pixel-exact copy. */
    @Test
    void templateLandmarksGiveAnExactCopy() {
        byte[] px = new byte[112 * 112 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 31 % 251);
        RgbImage img = new RgbImage(112, 112, px);
        AlignedFace a = FaceAligner.align(img, FaceAligner.ARCFACE_TEMPLATE);
        assertThat(a.image().pixels()).isEqualTo(px);
    }

    /** A face drawn twice as large and shifted comes out where the template says, within a pixel. */
    @Test
    void scaledAndShiftedFaceLandsOnTheTemplate() {
        int w = 400, h = 300;
        byte[] px = new byte[w * h * 3];
        Landmarks tpl = FaceAligner.ARCFACE_TEMPLATE;
        float[] xy = new float[10];
        for (int i = 0; i < 5; i++) {
            xy[2 * i] = tpl.get(i).x() * 2 + 50;
            xy[2 * i + 1] = tpl.get(i).y() * 2 + 20;
            // paint a bright 5x5 dot at each landmark
            for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++) {
                int x = Math.round(xy[2 * i]) + dx, y = Math.round(xy[2 * i + 1]) + dy;
                for (int c = 0; c < 3; c++) px[(y * w + x) * 3 + c] = (byte) 255;
            }
        }
        AlignedFace a = FaceAligner.align(new RgbImage(w, h, px), Landmarks.of(xy));
        for (int i = 0; i < 5; i++) {
            int x = Math.round(tpl.get(i).x()), y = Math.round(tpl.get(i).y());
            assertThat(a.image().get(x, y, 0)).as("landmark %d", i).isGreaterThan(200);
        }
        assertThat(a.image().get(5, 5, 0)).isZero();
    }

    @Test
    void outsideTheSourceIsBlack() {
        byte[] px = new byte[20 * 20 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        AlignedFace a = FaceAligner.align(new RgbImage(20, 20, px), Landmarks.of(5, 5, 15, 5, 10, 10, 6, 15, 14, 15));
        assertThat(a.image().get(0, 0, 1)).isZero();
        assertThat(a.image().get(56, 70, 1)).isEqualTo(200);
    }
}
