package org.fr.detect.mtcnn;

import org.fr.ComponentOptions;

/**
 * The cascade's parameters. Options (through {@link ComponentOptions}): {@code min-face} (smallest face searched,
 * in image pixels, default {@value #DEFAULT_MIN_FACE}), {@code scale-factor} (pyramid step, default
 * {@value #DEFAULT_SCALE_FACTOR}), {@code threshold-pnet}, {@code threshold-rnet}, {@code threshold-onet} (face
 * probability each stage requires; defaults 0.6, 0.7, 0.7), {@code nms-pnet-scale} (IoU, within one pyramid level,
 * default 0.5), {@code nms-pnet} (IoU, across levels, 0.7), {@code nms-rnet} (IoU, 0.7) and {@code nms-onet} (overlap
 * over the smaller box, 0.7). Immutable and thread-safe.
 */
record MtcnnSettings(float minFace, float scaleFactor, float pnetThreshold, float rnetThreshold, float onetThreshold,
                     float pnetScaleNms, float pnetNms, float rnetNms, float onetNms) {
    static final float DEFAULT_MIN_FACE = 20f;
    static final float DEFAULT_SCALE_FACTOR = 0.709f;
    static final MtcnnSettings DEFAULTS = new MtcnnSettings(DEFAULT_MIN_FACE, DEFAULT_SCALE_FACTOR, 0.6f, 0.7f, 0.7f, 0.5f, 0.7f, 0.7f, 0.7f);

    MtcnnSettings {
        if (!(minFace >= ImagePyramid.WINDOW)) throw new IllegalArgumentException("option min-face must be at least " + ImagePyramid.WINDOW + " pixels: " + minFace);
        if (!(scaleFactor >= 0.1f && scaleFactor <= 0.95f)) throw new IllegalArgumentException("option scale-factor must lie in [0.1, 0.95]: " + scaleFactor);
        probability("threshold-pnet", pnetThreshold);
        probability("threshold-rnet", rnetThreshold);
        probability("threshold-onet", onetThreshold);
        overlap("nms-pnet-scale", pnetScaleNms);
        overlap("nms-pnet", pnetNms);
        overlap("nms-rnet", rnetNms);
        overlap("nms-onet", onetNms);
    }

    static MtcnnSettings from(ComponentOptions o) {
        MtcnnSettings d = DEFAULTS;
        return new MtcnnSettings(o.getFloat("min-face", d.minFace), o.getFloat("scale-factor", d.scaleFactor),
                o.getFloat("threshold-pnet", d.pnetThreshold), o.getFloat("threshold-rnet", d.rnetThreshold),
                o.getFloat("threshold-onet", d.onetThreshold), o.getFloat("nms-pnet-scale", d.pnetScaleNms),
                o.getFloat("nms-pnet", d.pnetNms), o.getFloat("nms-rnet", d.rnetNms), o.getFloat("nms-onet", d.onetNms));
    }

    private static void probability(String name, float v) {
        if (!(v >= 0f && v < 1f)) throw new IllegalArgumentException("option " + name + " must lie in [0, 1): " + v);
    }

    private static void overlap(String name, float v) {
        if (!(v > 0f && v <= 1f)) throw new IllegalArgumentException("option " + name + " must lie in (0, 1]: " + v);
    }
}
