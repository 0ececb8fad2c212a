package org.fr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
    /**
     * Reference: the general SVD form of Umeyama's method (numpy: covariance, SVD, reflection guard), run on these
     * five detected landmarks against the ArcFace template, gave
     * [[0.84248136, -0.06638864], [0.06638864, 0.84248136]] and t = (-42.38336085, -52.68759522).
     * Tolerance 1e-4 (the points are float32).
     */
    @Test
    void matchesSvdUmeyamaReference() {
        Landmarks src = Landmarks.of(106.55625f, 114.750565f, 147.62212f, 111.43511f, 120.88516f, 141.59097f,
                115.972534f, 161.27916f, 147.31244f, 160.05473f);
        SimilarityTransform t = SimilarityTransform.estimate(src.points(), FaceAligner.ARCFACE_TEMPLATE.points());
        assertThat(t.a()).isCloseTo(0.84248136, within(1e-4));
        assertThat(t.b()).isCloseTo(0.06638864, within(1e-4));
        assertThat(t.tx()).isCloseTo(-42.38336085, within(1e-3));
        assertThat(t.ty()).isCloseTo(-52.68759522, within(1e-3));
    }

    @Test
    void recoversAnExactTransformAndItsInverse() {
        Random r = new Random(11);
        SimilarityTransform truth = new SimilarityTransform(1.7 * Math.cos(0.4), 1.7 * Math.sin(0.4), 12.5, -3.25);
        List<Point> src = new ArrayList<>(), dst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Point p = new Point(r.nextFloat() * 200, r.nextFloat() * 200);
            src.add(p);
            dst.add(truth.apply(p));
        }
        SimilarityTransform t = SimilarityTransform.estimate(src, dst);
        assertThat(t.a()).isCloseTo(truth.a(), within(1e-4));
        assertThat(t.b()).isCloseTo(truth.b(), within(1e-4));
        assertThat(t.tx()).isCloseTo(truth.tx(), within(1e-2));
        assertThat(t.ty()).isCloseTo(truth.ty(), within(1e-2));
        assertThat(t.scale()).isCloseTo(1.7, within(1e-4));
        assertThat(t.rotation()).isCloseTo(0.4, within(1e-4));
        Point back = t.inverse().apply(t.apply(new Point(33f, 44f)));
        assertThat(back.x()).isCloseTo(33f, within(1e-3f));
        assertThat(back.y()).isCloseTo(44f, within(1e-3f));
    }

    /** The least-squares solution: no small perturbation of it has a lower squared error. */
    @Test
    void isTheLeastSquaresMinimumOnNoisyPoints() {
        Random r = new Random(5);
        List<Point> src = new ArrayList<>(), dst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Point p = new Point(r.nextFloat() * 100, r.nextFloat() * 100);
            src.add(p);
            dst.add(new Point(p.x() * 0.5f + 3 + (float) r.nextGaussian(), p.y() * 0.5f - 2 + (float) r.nextGaussian()));
        }
        SimilarityTransform best = SimilarityTransform.estimate(src, dst);
        double e0 = error(best, src, dst);
        double[] d = {1e-3, -1e-3};
        for (double da : d) for (double db : d) for (double dt : d) {
            assertThat(error(new SimilarityTransform(best.a() + da, best.b() + db, best.tx() + dt, best.ty() - dt), src, dst))
                    .isGreaterThan(e0);
        }
    }

    private static double error(SimilarityTransform t, List<Point> src, List<Point> dst) {
        double e = 0;
        for (int i = 0; i < src.size(); i++) {
            Point p = t.apply(src.get(i));
            e += Math.pow(p.x() - dst.get(i).x(), 2) + Math.pow(p.y() - dst.get(i).y(), 2);
        }
        return e;
    }
}
