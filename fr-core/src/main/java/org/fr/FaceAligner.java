package org.fr;

import java.util.List;

/**
 * Maps a face's five landmarks onto the standard 112x112 ArcFace template with a least-squares similarity
 * transform ({@link SimilarityTransform#estimate}, Umeyama) and resamples the image bilinearly; pixels that
 * fall outside the source image are black. Pixel coordinates refer to pixel centres, as in OpenCV's
 * {@code warpAffine}. Stateless and thread-safe.
 */
public final class FaceAligner {
    /** The ArcFace 5-point template for a 112x112 crop: eyes, nose tip, mouth corners. */
    public static final Landmarks ARCFACE_TEMPLATE = Landmarks.of(
            38.2946f, 51.6963f,
            73.5318f, 51.5014f,
            56.0252f, 71.7366f,
            41.5493f, 92.3655f,
            70.7299f, 92.2041f);

    private FaceAligner() {}

    /** The transform taking image coordinates to aligned-crop coordinates. */
    public static SimilarityTransform transformFor(Landmarks landmarks) {
        return SimilarityTransform.estimate(landmarks.points(), ARCFACE_TEMPLATE.points());
    }

    public static AlignedFace align(RgbImage image, Landmarks landmarks) {
        return new AlignedFace(warp(image, transformFor(landmarks), AlignedFace.SIZE, AlignedFace.SIZE));
    }

    /** Resamples {@code image} so that output pixel {@code p} shows source point {@code toOutput.inverse()(p)}. */
    public static RgbImage warp(RgbImage image, SimilarityTransform toOutput, int outWidth, int outHeight) {
        SimilarityTransform inv = toOutput.inverse();
        byte[] src = image.pixels();
        int w = image.width(), h = image.height();
        byte[] out = new byte[outWidth * outHeight * 3];
        for (int v = 0; v < outHeight; v++) {
            for (int u = 0; u < outWidth; u++) {
                double x = inv.a() * u - inv.b() * v + inv.tx();
                double y = inv.b() * u + inv.a() * v + inv.ty();
                int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
                double fx = x - x0, fy = y - y0;
                int o = (v * outWidth + u) * 3;
                for (int c = 0; c < 3; c++) {
                    double p00 = sample(src, w, h, x0, y0, c), p10 = sample(src, w, h, x0 + 1, y0, c);
                    double p01 = sample(src, w, h, x0, y0 + 1, c), p11 = sample(src, w, h, x0 + 1, y0 + 1, c);
                    double val = (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
                    out[o + c] = (byte) Math.min(255, Math.max(0, (int) Math.round(val)));
                }
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    private static int sample(byte[] src, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) return 0;
        return src[(y * w + x) * 3 + c] & 0xFF;
    }

    /** The template's points as a list, for callers that align with their own code. */
    public static List<Point> templatePoints() { return ARCFACE_TEMPLATE.points(); }
}
