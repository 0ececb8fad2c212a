package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Random;

import org.fr.ImageDecoder;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link HogScanner#scan} with each {@link ScanKernel} (plain, and SIMD: the tests run with the Vector API module)
 * against {@link HogScanner#scanReference} (each window scored on its own in filter order): every window's score
 * within 1e-4 (float rounding of a 3,100-term sum), on a real photo with the shipped 10x10 filter and with a random
 * 6x7 filter (the plain kernel's generic path), on feature maps of several widths (the SIMD tails).
 */
class HogScannerTest {
    private static final float TOLERANCE = 1e-4f;

    private static List<ScanKernel> kernels() {
        ScanKernel simd = ScanKernel.Selection.vector();
        assertThat(simd).as("the tests run with jdk.incubator.vector").isNotNull();
        assertThat(ScanKernel.INSTANCE.name()).startsWith("simd-");
        return List.of(new PlainScanKernel(), simd);
    }

    @Test
    void tenCellFilterMatchesTheReference() {
        for (ScanKernel k : kernels()) compare(photoFeatures(), HogModel.bundled(), k);
    }

    @Test
    void otherFilterSizesMatchTheReference() {
        Random rnd = new Random(3);
        float[] w = new float[6 * 7 * HogFeatures.DIMS];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian() * 0.1f;
        for (ScanKernel k : kernels()) compare(photoFeatures(), new HogModel(6, 7, w, -0.5f, new float[] {0, 0, 1, 1}), k);
    }

    /** Widths from one window to several vectors of windows plus a remainder. */
    @Test
    void everyRowWidthMatchesTheReference() {
        GrayImage g = GrayImage.of(ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg")));
        for (int cells : new int[] {12, 13, 19, 27, 40, 45, 77, 83}) {
            HogFeatures f = HogFeatures.compute(g.patch(10, 20, 300, (cells + 2) * HogFeatures.CELL).padded(0));
            for (ScanKernel k : kernels()) compare(f, HogModel.bundled(), k);
        }
    }

    @Test
    void thresholdKeepsOnlyWindowsAtOrAboveIt() {
        HogFeatures f = photoFeatures();
        HogModel m = HogModel.bundled();
        List<HogScanner.Hit> all = HogScanner.scan(f, m, Float.NEGATIVE_INFINITY);
        float median = all.stream().map(HogScanner.Hit::score).sorted().toList().get(all.size() / 2);
        List<HogScanner.Hit> upper = HogScanner.scan(f, m, median);
        assertThat(upper).isNotEmpty().allMatch(h -> h.score() >= median);
        assertThat(upper).containsExactlyElementsOf(all.stream().filter(h -> h.score() >= median).toList());
    }

    /** With a border, exactly the windows at least that many cells inside the edges, with the same scores. */
    @Test
    void borderScoresOnlyTheWindowsInsideIt() {
        HogFeatures f = photoFeatures();
        HogModel m = HogModel.bundled();
        for (ScanKernel k : kernels()) {
            List<HogScanner.Hit> all = HogScanner.scan(f, m, Float.NEGATIVE_INFINITY, 0, k);
            for (int b : new int[] {1, 2, 3}) {
                int border = b;
                List<HogScanner.Hit> inside = all.stream().filter(h -> h.cellX() >= border && h.cellY() >= border
                        && h.cellX() + m.cellsX() <= f.cellsX() - border && h.cellY() + m.cellsY() <= f.cellsY() - border).toList();
                assertThat(inside).hasSize((f.cellsX() - m.cellsX() + 1 - 2 * b) * (f.cellsY() - m.cellsY() + 1 - 2 * b));
                assertThat(HogScanner.scan(f, m, Float.NEGATIVE_INFINITY, b, k)).containsExactlyElementsOf(inside);
            }
        }
    }

    private static HogFeatures photoFeatures() {
        GrayImage g = GrayImage.of(ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg")));
        return HogFeatures.compute(g.scaled(0.5).padded(HogFeatures.CELL));
    }

    private static void compare(HogFeatures f, HogModel m, ScanKernel kernel) {
        List<HogScanner.Hit> fast = HogScanner.scan(f, m, Float.NEGATIVE_INFINITY, kernel);
        List<HogScanner.Hit> ref = HogScanner.scanReference(f, m, Float.NEGATIVE_INFINITY);
        assertThat(fast).hasSize((f.cellsX() - m.cellsX() + 1) * (f.cellsY() - m.cellsY() + 1)).hasSameSizeAs(ref);
        for (int i = 0; i < ref.size(); i++) {
            HogScanner.Hit a = fast.get(i), b = ref.get(i);
            assertThat(a.cellX()).isEqualTo(b.cellX());
            assertThat(a.cellY()).isEqualTo(b.cellY());
            assertThat(a.score()).as("window %d,%d", b.cellX(), b.cellY()).isCloseTo(b.score(), offset(TOLERANCE));
        }
    }
}
