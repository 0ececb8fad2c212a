package org.fr.detect.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.onnx.Tensor;
import org.junit.jupiter.api.Test;

/** The cascade's flow on stand-in networks: shapes handed to each stage, batching, regression and landmark mapping. */
class MtcnnCascadeTest {
    static final BoundingBox FACE = new BoundingBox(40, 30, 80, 70);
    static final float[] MARKS = {0.3f, 0.7f, 0.5f, 0.35f, 0.65f, 0.4f, 0.4f, 0.6f, 0.8f, 0.8f};

    /** A P-Net that fires where its window covers {@link #FACE} well (or everywhere), recording its input shapes. */
    static MtcnnCascade.Network pnet(List<long[]> shapes, boolean everywhere, int imageWidth) {
        return in -> {
            shapes.add(in.shape());
            int x = in.dim(1), y = in.dim(2);
            int mx = PnetMaps.mapSide(x), my = PnetMaps.mapSide(y);
            float s = x / (float) imageWidth;
            float[] prob = new float[mx * my * 2], reg = new float[mx * my * 4];
            for (int i = 0; i < mx; i++) {
                for (int j = 0; j < my; j++) {
                    BoundingBox w = new BoundingBox(2 * i / s, 2 * j / s, (2 * i + 12) / s, (2 * j + 12) / s);
                    prob[(i * my + j) * 2 + 1] = everywhere || w.iou(FACE) > 0.6f ? 0.9f : 0.1f;
                }
            }
            return List.of(new Tensor("prob", new long[] {1, mx, my, 2}, prob), new Tensor("reg", new long[] {1, mx, my, 4}, reg));
        };
    }

    /** R-Net or O-Net stand-in: the same verdict for every crop, recording batch shapes. */
    static MtcnnCascade.Network stage(List<long[]> shapes, float prob, float[] reg, float[] marks) {
        return in -> {
            shapes.add(in.shape());
            int n = in.dim(0);
            float[] p = new float[n * 2], r = new float[n * 4], m = new float[n * 10];
            for (int i = 0; i < n; i++) {
                p[i * 2] = 1 - prob;
                p[i * 2 + 1] = prob;
                System.arraycopy(reg, 0, r, i * 4, 4);
                if (marks != null) System.arraycopy(marks, 0, m, i * 10, 10);
            }
            List<Tensor> out = new ArrayList<>(List.of(new Tensor("p", new long[] {n, 2}, p), new Tensor("r", new long[] {n, 4}, r)));
            if (marks != null) out.add(new Tensor("m", new long[] {n, 10}, m));
            return out;
        };
    }

    static RgbImage grey(int w, int h) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) 128);
        return new RgbImage(w, h, px);
    }

    @Test
    void oneFaceFlowsThroughWithRegressionAndLandmarksOnTheCropBox() {
        List<long[]> p = Collections.synchronizedList(new ArrayList<>()), r = new ArrayList<>(), o = new ArrayList<>();
        MtcnnCascade cascade = new MtcnnCascade(MtcnnSettings.DEFAULTS, pnet(p, false, 120),
                stage(r, 0.8f, new float[4], null), stage(o, 0.95f, new float[] {0.1f, 0f, -0.1f, 0f}, MARKS));
        List<DetectedFace> faces = cascade.detect(grey(120, 100));
        // windows of several levels cover the face; the stand-in R-Net does not merge them, so more than one may remain
        assertThat(faces).isNotEmpty();
        for (DetectedFace f : faces) {
            assertThat(f.score()).isEqualTo(0.95f);
            assertThat(f.box().iou(FACE)).isGreaterThan(0.4f);
            // O-Net's regression took 10% off each side: the crop box had width (x2 - x1) / 0.8
            float cropW = f.box().width() / 0.8f, cropX = f.box().x1() - 0.1f * cropW;
            float cropH = f.box().height(), cropY = f.box().y1();
            assertThat(cropW).isCloseTo(cropH, within(1e-3f)); // crops are squares
            Landmarks l = f.landmarks();
            for (int j = 0; j < 5; j++) {
                assertThat(l.get(j).x()).isCloseTo(cropX + MARKS[j] * cropW, within(1e-3f));
                assertThat(l.get(j).y()).isCloseTo(cropY + MARKS[5 + j] * cropH, within(1e-3f));
            }
        }
        // the final NMS by the smaller box's area leaves no box mostly inside another
        for (DetectedFace a : faces) {
            for (DetectedFace b : faces) {
                if (a == b) continue;
                float iw = Math.min(a.box().x2(), b.box().x2()) - Math.max(a.box().x1(), b.box().x1());
                float ih = Math.min(a.box().y2(), b.box().y2()) - Math.max(a.box().y1(), b.box().y1());
                float inter = Math.max(0, iw) * Math.max(0, ih);
                assertThat(inter / Math.min(a.box().area(), b.box().area())).isLessThanOrEqualTo(0.7f);
            }
        }
        // P-Net saw the transposed pyramid: [1, width, height, 3]; the stages saw square crops
        List<Float> scales = ImagePyramid.scales(120, 100, 20, 0.709f);
        assertThat(p).hasSize(scales.size());
        assertThat(p.get(0)).containsExactly(1, 72, 60, 3);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)[0]).isPositive();
        assertThat(r.get(0)).endsWith(24, 24, 3);
        assertThat(o).hasSize(1);
        assertThat(o.get(0)).containsExactly(faces.size(), 48, 48, 3); // every O-Net candidate in one batch
    }

    @Test
    void rejectedStagesStopTheCascade() {
        List<long[]> p = new ArrayList<>(), r = new ArrayList<>(), o = new ArrayList<>();
        MtcnnCascade cascade = new MtcnnCascade(MtcnnSettings.DEFAULTS, pnet(p, false, 120),
                stage(r, 0.69f, new float[4], null), stage(o, 0.95f, new float[4], MARKS));
        assertThat(cascade.detect(grey(120, 100))).isEmpty();
        assertThat(o).isEmpty();
        // an image smaller than the minimum face never reaches a network
        assertThat(cascade.detect(grey(15, 15))).isEmpty();
        assertThat(p).hasSize(ImagePyramid.scales(120, 100, 20, 0.709f).size());
    }

    @Test
    void manyCandidatesRunInBatchesOfAtMost256() {
        List<long[]> p = Collections.synchronizedList(new ArrayList<>()), r = new ArrayList<>(), o = new ArrayList<>();
        MtcnnSettings keepAll = new MtcnnSettings(20, 0.709f, 0.6f, 0.7f, 0.7f, 1f, 1f, 1f, 0.7f);
        MtcnnCascade cascade = new MtcnnCascade(keepAll, pnet(p, true, 200),
                stage(r, 0.1f, new float[4], null), stage(o, 0.95f, new float[4], MARKS));
        assertThat(cascade.detect(grey(200, 150))).isEmpty();
        int cells = 0;
        for (long[] s : p) cells += PnetMaps.mapSide((int) s[1]) * PnetMaps.mapSide((int) s[2]);
        assertThat(cells).isGreaterThan(256);
        long total = 0;
        for (long[] s : r) {
            assertThat(s[0]).isBetween(1L, 256L);
            total += s[0];
        }
        assertThat(total).isEqualTo(cells);
        assertThat(r.size()).isEqualTo((cells + 255) / 256);
    }
}
