package org.fr.detect.blazeface;

/**
 * One decoded detection before mapping to the image: its score and its geometry {@code [cx, cy, w, h, k0x, k0y,
 * ..., k5x, k5y]} in normalised input coordinates (see {@link BlazeFaceAnchors#decode}). The array is owned by
 * the candidate and never modified.
 */
record Candidate(float score, float[] geometry) {
    Candidate {
        if (geometry.length != BlazeFaceAnchors.VALUES) {
            throw new IllegalArgumentException("expected " + BlazeFaceAnchors.VALUES + " values, got " + geometry.length);
        }
    }

    float x1() { return geometry[0] - geometry[2] / 2; }

    float y1() { return geometry[1] - geometry[3] / 2; }

    float x2() { return geometry[0] + geometry[2] / 2; }

    float y2() { return geometry[1] + geometry[3] / 2; }

    /** Intersection over union of the two boxes; 0 when they do not overlap or either is empty. */
    float iou(Candidate o) {
        float iw = Math.min(x2(), o.x2()) - Math.max(x1(), o.x1());
        float ih = Math.min(y2(), o.y2()) - Math.max(y1(), o.y1());
        if (iw <= 0 || ih <= 0) return 0f;
        float inter = iw * ih;
        float union = Math.abs(geometry[2] * geometry[3]) + Math.abs(o.geometry[2] * o.geometry[3]) - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
