package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.fr.ImageDecoder;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link HogPyramid} geometry, its exact path (every level resized from the one before, its own features) and the
 * fast-feature-pyramid approximation ({@link HogHistogram#resampled}) against the exact features of the same levels.
 */
class HogPyramidTest {
    private static GrayImage photo() {
        return GrayImage.of(ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg")));
    }

    @Test
    void levelsShrinkByTheStepDownToOneWindow() {
        List<HogPyramid.Level> levels = HogPyramid.levels(640, 480, 2.0, 5.0 / 6, 80, 80);
        assertThat(levels.get(0)).isEqualTo(new HogPyramid.Level(1280, 960, 2.0, 2.0));
        for (int i = 1; i < levels.size(); i++) {
            assertThat(levels.get(i).width()).isEqualTo((int) Math.round(levels.get(i - 1).width() * 5.0 / 6));
        }
        HogPyramid.Level last = levels.get(levels.size() - 1);
        assertThat(last.height()).isGreaterThanOrEqualTo(80);
        assertThat((int) Math.round(last.height() * 5.0 / 6)).isLessThan(80);
        assertThatThrownBy(() -> HogPyramid.levels(640, 480, 1.0, 1.2, 80, 80)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactPathIsEachLevelResizedFromThePreviousOne() {
        GrayImage g = photo();
        List<HogPyramid.Level> levels = HogPyramid.levels(g.width(), g.height(), 1.0, 5.0 / 6, 80, 80);
        List<HogFeatures> f = HogPyramid.features(g, levels, 1);
        GrayImage level = g;
        for (int i = 0; i < levels.size(); i++) {
            if (i > 0) level = level.scaled(5.0 / 6);
            HogFeatures want = HogFeatures.compute(level.padded(HogFeatures.CELL));
            assertThat(f.get(i).cellsX()).isEqualTo(want.cellsX());
            assertThat(f.get(i).data()).as("level %d", i).isEqualTo(want.data());
        }
    }

    /**
     * Approximated levels have the exact levels' cell grids, and their features stay close to the exact ones: mean
     * absolute difference at most 35% of the mean absolute feature (measured 13-31% on this photo at K = 4; for
     * scale, two exact ways of resizing the same level, chained 5/6 steps or one halving and one bilinear step,
     * already differ by 10-16%).
     */
    @Test
    void approximatedLevelsStayCloseToExactOnes() {
        GrayImage g = photo();
        List<HogPyramid.Level> levels = HogPyramid.levels(g.width(), g.height(), 1.0, 5.0 / 6, 80, 80);
        List<HogFeatures> exact = HogPyramid.features(g, levels, 1), approx = HogPyramid.features(g, levels, 4);
        assertThat(approx).hasSameSizeAs(exact);
        assertThat(approx.get(0).data()).isEqualTo(exact.get(0).data());
        for (int i = 1; i < levels.size(); i++) {
            HogFeatures e = exact.get(i), a = approx.get(i);
            assertThat(a.cellsX()).isEqualTo(e.cellsX());
            assertThat(a.cellsY()).isEqualTo(e.cellsY());
            double diff = 0, mag = 0;
            for (int k = 0; k < e.data().length; k++) {
                diff += Math.abs(e.data()[k] - a.data()[k]);
                mag += Math.abs(e.data()[k]);
            }
            assertThat(diff / mag).as("level %d", i).isLessThan(0.35).isGreaterThan(0.0);
        }
    }

    @Test
    void resamplingByOneIsTheIdentity() {
        byte[] px = new byte[96 * 72];
        new Random(5).nextBytes(px);
        HogHistogram h = HogHistogram.of(new GrayImage(96, 72, px));
        HogHistogram same = h.resampled(96, 72, 1.0, 1.0, HogFeatures.CELL);
        assertThat(same.cellsX()).isEqualTo(h.cellsX());
        for (int i = 0; i < h.data().length; i++) assertThat(same.data()[i]).isCloseTo(h.data()[i], org.assertj.core.data.Offset.offset(1e-3f * (1 + h.data()[i])));
    }

    /** Shrinking by r keeps the histogram mass divided by r (area 1/r^2, gradients r times steeper), borders aside. */
    @Test
    void resamplingKeepsTheMassOverR() {
        GrayImage g = photo();
        HogHistogram h = HogHistogram.of(g);
        double r = 1.44;
        HogHistogram small = h.resampled((int) Math.round(g.width() / r), (int) Math.round(g.height() / r), r, r, 0);
        double a = 0, b = 0;
        for (float v : h.data()) a += v;
        for (float v : small.data()) b += v;
        assertThat(b * r / a).isBetween(0.97, 1.0001);
        assertThatThrownBy(() -> h.resampled(10, 10, 0.5, 1, 0)).hasMessageContaining("shrink");
    }
}
