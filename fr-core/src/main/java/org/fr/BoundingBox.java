package org.fr;

/**
 * An axis-aligned box in image pixel coordinates, corners {@code (x1, y1)} top-left and {@code (x2, y2)}
 * bottom-right, with {@code x1 <= x2} and {@code y1 <= y2}. Immutable and thread-safe.
 */
public record BoundingBox(float x1, float y1, float x2, float y2) {
    public BoundingBox {
        if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))) {
            throw new IllegalArgumentException("box coordinates must be finite");
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box corners out of order: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
    }

    public float width() { return x2 - x1; }

    public float height() { return y2 - y1; }

    public float area() { return width() * height(); }

    public Point center() { return new Point((x1 + x2) / 2f, (y1 + y2) / 2f); }

    /** Intersection over union with another box, in [0, 1]; 0 when either box is empty. */
    public float iou(BoundingBox o) {
        float iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        float ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) return 0f;
        float inter = iw * ih;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /** This box clipped to an image of the given size. */
    public BoundingBox clip(int width, int height) {
        return new BoundingBox(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }
}
