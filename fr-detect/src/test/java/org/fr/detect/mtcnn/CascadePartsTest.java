package org.fr.detect.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.fr.ComponentOptions;
import org.fr.RgbImage;
import org.fr.detect.mtcnn.CandidateNms.Overlap;
import org.junit.jupiter.api.Test;

/** The cascade's pure-Java parts: pyramid, P-Net map decoding, box arithmetic, NMS, crops and tensor layout. */
class CascadePartsTest {
    static Candidate box(float x1, float y1, float x2, float y2, float score) {
        return new Candidate(x1, y1, x2, y2, score, 0, 0, 0, 0, null);
    }

    @Test
    void pyramidStartsAtTwelveOverTheMinimumFaceAndStopsAtTwelvePixels() {
        List<Float> s = ImagePyramid.scales(250, 250, 20, 0.709f);
        assertThat(s.get(0)).isCloseTo(0.6f, within(1e-6f));
        for (int i = 1; i < s.size(); i++) assertThat(s.get(i) / s.get(i - 1)).isCloseTo(0.709f, within(1e-5f));
        float last = s.get(s.size() - 1);
        assertThat(250 * last).isGreaterThanOrEqualTo(12f);
        assertThat(250 * last * 0.709f).isLessThan(12f);
        assertThat(s).hasSize(8); // 0.6 * 0.709^7 * 250 = 13.4, ^8 -> 9.5
        // the shorter side decides; an image below the minimum face has no level
        assertThat(ImagePyramid.scales(1000, 30, 20, 0.709f)).hasSize(2);
        assertThat(ImagePyramid.scales(19, 19, 20, 0.709f)).isEmpty();
        assertThat(ImagePyramid.scaledSide(250, 0.6f)).isEqualTo(150);
        assertThat(ImagePyramid.scaledSide(251, 0.6f)).isEqualTo(151); // 150.6 rounds up
    }

    @Test
    void pnetMapSidesMatchTheNetwork() {
        assertThat(PnetMaps.mapSide(12)).isEqualTo(1);
        assertThat(PnetMaps.mapSide(13)).isEqualTo(2);   // the pool rounds up
        assertThat(PnetMaps.mapSide(1280)).isEqualTo(635); // the TFLite file's own shapes
        assertThat(PnetMaps.mapSide(960)).isEqualTo(475);
    }

    @Test
    void pnetCellsDecodeFromTheTransposedLayout() {
        int mapX = 3, mapY = 2;
        float[] prob = new float[mapX * mapY * 2], reg = new float[mapX * mapY * 4];
        // cell x=2, y=1 sits at index (2 * 2 + 1) = 5
        prob[5 * 2 + 1] = 0.9f;
        reg[5 * 4] = 0.1f;
        reg[5 * 4 + 3] = -0.2f;
        // cell x=0, y=1 (index 1): just under the threshold
        prob[1 * 2 + 1] = 0.59f;
        List<Candidate> c = PnetMaps.decode(prob, reg, mapX, mapY, 0.5f, 0.6f);
        assertThat(c).hasSize(1);
        Candidate k = c.get(0);
        assertThat(k.x1()).isEqualTo(8f);        // 2 * 2 / 0.5
        assertThat(k.y1()).isEqualTo(4f);        // 2 * 1 / 0.5
        assertThat(k.x2()).isEqualTo(32f);       // (4 + 12) / 0.5
        assertThat(k.y2()).isEqualTo(28f);
        assertThat(k.score()).isEqualTo(0.9f);
        assertThat(new float[] {k.dx1(), k.dy1(), k.dx2(), k.dy2()}).containsExactly(0.1f, 0f, 0f, -0.2f);
        assertThatThrownBy(() -> PnetMaps.decode(prob, reg, 2, 2, 1f, 0.5f)).hasMessageContaining("2x2");
    }

    @Test
    void regressionMovesEdgesByTheirOffsetsAndSquaringKeepsTheCentre() {
        Candidate c = new Candidate(10, 20, 30, 60, 0.8f, 0.1f, -0.05f, 0.2f, 0.1f, null);
        Candidate r = c.regressed();
        // width 20, height 40
        assertThat(new float[] {r.x1(), r.y1(), r.x2(), r.y2()}).containsExactly(12f, 18f, 34f, 64f);
        assertThat(r.dx1()).isZero();
        Candidate s = r.squared();
        assertThat(s.width()).isEqualTo(46f);
        assertThat(s.height()).isEqualTo(46f);
        assertThat((s.x1() + s.x2()) / 2).isEqualTo(23f);
        assertThat((s.y1() + s.y2()) / 2).isEqualTo(41f);
        assertThat(s.score()).isEqualTo(0.8f);
    }

    @Test
    void nmsByUnionKeepsANestedBoxButByMinDropsIt() {
        Candidate big = box(0, 0, 20, 20, 0.9f), nested = box(5, 5, 13, 13, 0.8f), apart = box(40, 40, 60, 60, 0.95f);
        // nested: IoU 64/400 = 0.16, overlap over the smaller = 1
        assertThat(CandidateNms.overlap(big, nested, Overlap.UNION)).isCloseTo(0.16f, within(1e-6f));
        assertThat(CandidateNms.overlap(big, nested, Overlap.MIN)).isEqualTo(1f);
        assertThat(CandidateNms.apply(List.of(nested, big, apart), 0.7f, Overlap.UNION)).containsExactly(apart, big, nested);
        assertThat(CandidateNms.apply(List.of(nested, big, apart), 0.7f, Overlap.MIN)).containsExactly(apart, big);
        // a shifted copy: IoU 15x20/(2*400 - 300) = 0.6; suppressed at 0.5, kept at 0.7
        Candidate shifted = box(5, 0, 25, 20, 0.5f);
        assertThat(CandidateNms.apply(List.of(big, shifted), 0.5f, Overlap.UNION)).containsExactly(big);
        assertThat(CandidateNms.apply(List.of(big, shifted), 0.7f, Overlap.UNION)).containsExactly(big, shifted);
    }

    @Test
    void inputIsNormalisedAndTransposed() {
        // 3 wide, 2 high; pixel (x, y) has R = 10x + y, G = 100, B = 255
        byte[] px = new byte[3 * 2 * 3];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                px[(y * 3 + x) * 3] = (byte) (10 * x + y);
                px[(y * 3 + x) * 3 + 1] = (byte) 100;
                px[(y * 3 + x) * 3 + 2] = (byte) 255;
            }
        }
        float[] t = new float[1 + 18];
        NetworkInput.writeTransposed(new RgbImage(3, 2, px), t, 1);
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 2; y++) {
                int at = 1 + (x * 2 + y) * 3; // [x][y][c]
                assertThat(t[at]).isEqualTo((10 * x + y - 127.5f) / 128f);
                assertThat(t[at + 1]).isEqualTo((100 - 127.5f) / 128f);
                assertThat(t[at + 2]).isEqualTo((255 - 127.5f) / 128f);
            }
        }
        assertThat(t[0]).isZero();
    }

    @Test
    void cropsArePaddedWithBlackPastTheImage() {
        byte[] px = new byte[4 * 4 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        RgbImage img = new RgbImage(4, 4, px);
        // the 4x4 rectangle at (-2, 1): columns -2,-1 and row 4 lie outside
        RgbImage c = NetworkInput.paddedCrop(img, -2, 1, 4, 4, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int expected = x >= 2 && y < 3 ? 200 : 0;
                assertThat(c.get(x, y, 0)).as("(%d,%d)", x, y).isEqualTo(expected);
            }
        }
        assertThat(NetworkInput.paddedCrop(img, 10, 10, 3, 3, 6).get(2, 2, 1)).isZero(); // wholly outside: black
        assertThat(NetworkInput.paddedCrop(img, 0, 0, 4, 4, 8).width()).isEqualTo(8);
    }

    @Test
    void settingsComeFromOptionsAndBadValuesNameTheOption() {
        MtcnnSettings d = MtcnnSettings.from(ComponentOptions.empty());
        assertThat(d).isEqualTo(MtcnnSettings.DEFAULTS);
        assertThat(d.minFace()).isEqualTo(20f);
        assertThat(d.scaleFactor()).isEqualTo(0.709f);
        MtcnnSettings s = MtcnnSettings.from(ComponentOptions.empty().with("min-face", "40").with("threshold-onet", "0.9"));
        assertThat(s.minFace()).isEqualTo(40f);
        assertThat(s.onetThreshold()).isEqualTo(0.9f);
        assertThatThrownBy(() -> MtcnnSettings.from(ComponentOptions.empty().with("scale-factor", "1.2"))).hasMessageContaining("scale-factor");
        assertThatThrownBy(() -> MtcnnSettings.from(ComponentOptions.empty().with("min-face", "5"))).hasMessageContaining("min-face");
        assertThatThrownBy(() -> MtcnnSettings.from(ComponentOptions.empty().with("nms-rnet", "0"))).hasMessageContaining("nms-rnet");
        assertThatThrownBy(() -> MtcnnSettings.from(ComponentOptions.empty().with("threshold-pnet", "x"))).hasMessageContaining("threshold-pnet");
    }
}
