package org.fr;

import java.util.List;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation, no reflection):
 * {@code x' = a*x - b*y + tx}, {@code y' = b*x + a*y + ty}. Immutable and thread-safe.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

    /**
     * The least-squares similarity transform taking {@code src} onto {@code dst} (Umeyama, 1991, restricted to
     * proper rotations). For 2-D points the SVD of Umeyama's method has the closed form used here: with both
     * point sets centred, {@code a = sum(s.d) / sum(|s|^2)} and {@code b = sum(s x d) / sum(|s|^2)}.
     *
     * @throws IllegalArgumentException if the lists differ in length, hold fewer than two points, or all source
     *                                  points coincide
     */
    public static SimilarityTransform estimate(List<Point> src, List<Point> dst) {
        int n = src.size();
        if (n != dst.size()) throw new IllegalArgumentException("point lists differ in length: " + n + " vs " + dst.size());
        if (n < 2) throw new IllegalArgumentException("at least two points are needed, got " + n);
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src.get(i).x();
            sy += src.get(i).y();
            dx += dst.get(i).x();
            dy += dst.get(i).y();
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double px = src.get(i).x() - sx, py = src.get(i).y() - sy;
            double qx = dst.get(i).x() - dx, qy = dst.get(i).y() - dy;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm < 1e-12) throw new IllegalArgumentException("source points coincide; no transform is defined");
        double a = dot / norm, b = cross / norm;
        return new SimilarityTransform(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
    }

    public Point apply(Point p) {
        return new Point((float) (a * p.x() - b * p.y() + tx), (float) (b * p.x() + a * p.y() + ty));
    }

    /** The scale factor. */
    public double scale() { return Math.hypot(a, b); }

    /** The rotation in radians. */
    public double rotation() { return Math.atan2(b, a); }

    public SimilarityTransform inverse() {
        double d = a * a + b * b;
        if (d == 0) throw new IllegalStateException("degenerate transform has no inverse");
        double ia = a / d, ib = -b / d;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }
}
