package org.fr.detect.mtcnn;

import org.fr.BoundingBox;
import org.fr.Landmarks;

/**
 * A face candidate between the cascade's stages: a box in image pixels ({@code x1 <= x2}, {@code y1 <= y2}; it may
 * reach past the image), the last stage's face probability, that stage's box regression (offsets of each edge in
 * units of the box's width or height: {@code dx1, dy1, dx2, dy2}) and, after O-Net, five landmarks. Immutable and
 * thread-safe.
 */
record Candidate(float x1, float y1, float x2, float y2, float score, float dx1, float dy1, float dx2, float dy2, Landmarks landmarks) {
    static Candidate of(float x1, float y1, float x2, float y2, float score, float[] reg, int at) {
        return new Candidate(x1, y1, x2, y2, score, reg[at], reg[at + 1], reg[at + 2], reg[at + 3], null);
    }

    float width() { return x2 - x1; }

    float height() { return y2 - y1; }

    float area() { return Math.max(0f, width()) * Math.max(0f, height()); }

    /** The same box with a new score and regression (a later stage's verdict). */
    Candidate rescored(float score, float[] reg, int at) {
        return new Candidate(x1, y1, x2, y2, score, reg[at], reg[at + 1], reg[at + 2], reg[at + 3], landmarks);
    }

    Candidate withLandmarks(Landmarks l) {
        return new Candidate(x1, y1, x2, y2, score, dx1, dy1, dx2, dy2, l);
    }

    /** The box moved by its regression: each edge shifts by its offset times the box's width (x) or height (y). */
    Candidate regressed() {
        float w = width(), h = height();
        float nx1 = x1 + dx1 * w, ny1 = y1 + dy1 * h, nx2 = x2 + dx2 * w, ny2 = y2 + dy2 * h;
        if (nx2 < nx1) nx2 = nx1 = (nx1 + nx2) / 2;
        if (ny2 < ny1) ny2 = ny1 = (ny1 + ny2) / 2;
        return new Candidate(nx1, ny1, nx2, ny2, score, 0f, 0f, 0f, 0f, landmarks);
    }

    /** The square with the box's centre and its longer side. */
    Candidate squared() {
        float side = Math.max(width(), height());
        float cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
        return new Candidate(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, score, dx1, dy1, dx2, dy2, landmarks);
    }

    /** The box clipped to an image of the given size. */
    BoundingBox box(int imageWidth, int imageHeight) {
        return new BoundingBox(x1, y1, x2, y2).clip(imageWidth, imageHeight);
    }
}
