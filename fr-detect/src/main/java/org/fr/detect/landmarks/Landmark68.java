package org.fr.detect.landmarks;

import java.util.List;

import org.fr.BoundingBox;
import org.fr.Landmarks;
import org.fr.Point;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.onnx.ImageTensors;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;

/**
 * The 68-point landmark network {@code faceplugin/fr_landmark}: a 64x64 grayscale crop of the face box, scaled
 * to [0, 1) by 1/256, gives 68 (x, y) pairs relative to the crop (iBUG 300-W order). The five alignment points
 * are derived from them: each eye is the mean of its four lid points (37, 38, 40, 41 and 43, 44, 46, 47, 0-based),
 * the nose tip is point 30, each mouth corner the mean of the outer and inner corner (48 and 60, 54 and 64).
 *
 * <p>Thread-safe; holds an onnxruntime session, so close it.
 */
public final class Landmark68 implements AutoCloseable {
    public static final String MODEL_ID = "faceplugin/fr_landmark";
    private static final int SIZE = 64;

    private final OnnxModel model;

    public Landmark68(String modelId, byte[] modelBytes, SessionConfig config) {
        this.model = OnnxModel.load(modelId, modelBytes, config,
                List.of(TensorSpec.of("input", 1, 1, SIZE, SIZE)), List.of(TensorSpec.of("output", 1, 136)));
    }

    /** The 68 points, in image pixels, for the face in {@code box}. */
    public Point[] predict(RgbImage image, BoundingBox box) {
        int x = Math.round(box.x1()), y = Math.round(box.y1());
        int w = Math.max(1, Math.round(box.width())), h = Math.max(1, Math.round(box.height()));
        // The crop is clipped to the image; the network's output is relative to the crop actually taken.
        int cx = Math.max(0, Math.min(x, image.width() - 1)), cy = Math.max(0, Math.min(y, image.height() - 1));
        int cw = Math.max(cx + 1, Math.min(x + w, image.width())) - cx, ch = Math.max(cy + 1, Math.min(y + h, image.height())) - cy;
        Tensor in = ImageTensors.gray("input", Resampler.cropAndResize(image, x, y, w, h, SIZE, SIZE), 0f, 1f / 256f);
        float[] out = model.run(in, "output").data();
        Point[] pts = new Point[68];
        for (int i = 0; i < 68; i++) {
            pts[i] = new Point(cx + out[2 * i] * cw, cy + out[2 * i + 1] * ch);
        }
        return pts;
    }

    /** The five alignment points derived from the 68. */
    public static Landmarks fivePoints(Point[] p) {
        if (p.length != 68) throw new IllegalArgumentException("expected 68 points, got " + p.length);
        return Landmarks.of(
                mean(p, 37, 38, 40, 41).x(), mean(p, 37, 38, 40, 41).y(),
                mean(p, 43, 44, 46, 47).x(), mean(p, 43, 44, 46, 47).y(),
                p[30].x(), p[30].y(),
                mean(p, 48, 60).x(), mean(p, 48, 60).y(),
                mean(p, 54, 64).x(), mean(p, 54, 64).y());
    }

    private static Point mean(Point[] p, int... idx) {
        float x = 0, y = 0;
        for (int i : idx) {
            x += p[i].x();
            y += p[i].y();
        }
        return new Point(x / idx.length, y / idx.length);
    }

    public Landmarks predictFive(RgbImage image, BoundingBox box) {
        return fivePoints(predict(image, box));
    }

    @Override
    public void close() { model.close(); }
}
