package org.fr.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.fr.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BlazeFaceLetterboxTest {

    @ParameterizedTest
    @CsvSource({"1400,1050,128", "293,473,128", "250,250,256", "640,480,256", "37,1001,256", "100,50,128", "1,1,128"})
    void imageToInputToImageRoundTrips(int w, int h, int size) {
        Letterbox lb = Letterbox.of(w, h, size);
        assertThat(Math.max(lb.contentWidth(), lb.contentHeight())).isEqualTo(size);
        assertThat(lb.padX() + lb.contentWidth()).isLessThanOrEqualTo(size);
        assertThat(lb.padY() + lb.contentHeight()).isLessThanOrEqualTo(size);
        float[][] pts = {{0, 0}, {w, h}, {w / 3f, h * 0.7f}, {w * 0.9f, 1.5f}, {-10, h + 20}};
        for (float[] p : pts) {
            float u = lb.toInputX(p[0]) / size, v = lb.toInputY(p[1]) / size;
            assertThat(lb.toImageX(u)).isCloseTo(p[0], within(1e-3f * Math.max(w, h)));
            assertThat(lb.toImageY(v)).isCloseTo(p[1], within(1e-3f * Math.max(w, h)));
        }
    }

    @Test
    void landscapeIsCentredVerticallyAndKeepsAspect() {
        Letterbox lb = Letterbox.of(1400, 1050, 128);
        // 1050 * 128 / 1400 = 96 rows of content, 16 black rows above and below
        assertThat(lb.contentWidth()).isEqualTo(128);
        assertThat(lb.contentHeight()).isEqualTo(96);
        assertThat(lb.padX()).isZero();
        assertThat(lb.padY()).isEqualTo(16);
        // the image's corners land on the content's corners
        assertThat(lb.toImageX(0f)).isCloseTo(0f, within(1e-3f));
        assertThat(lb.toImageY(16f / 128)).isCloseTo(0f, within(1e-3f));
        assertThat(lb.toImageY(112f / 128)).isCloseTo(1050f, within(1e-2f));
        assertThat(lb.toImageX(1f)).isCloseTo(1400f, within(1e-2f));
        // the input centre is the image centre
        assertThat(lb.toImageX(0.5f)).isCloseTo(700f, within(1e-2f));
        assertThat(lb.toImageY(0.5f)).isCloseTo(525f, within(1e-2f));
    }

    @Test
    void padsBlackAndCopiesContent() {
        // a 40x20 white image with a red pixel at the top-left corner and a blue one at the bottom-right
        int w = 40, h = 20;
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) 255);
        px[0] = (byte) 255; px[1] = 0; px[2] = 0;
        int last = (w * h - 1) * 3;
        px[last] = 0; px[last + 1] = 0; px[last + 2] = (byte) 255;
        Letterbox lb = Letterbox.of(w, h, 40);
        RgbImage out = lb.apply(new RgbImage(w, h, px));
        assertThat(out.width()).isEqualTo(40);
        assertThat(out.height()).isEqualTo(40);
        assertThat(lb.padY()).isEqualTo(10);
        // padding black, above and below
        for (int x = 0; x < 40; x++) {
            assertThat(out.get(x, 0, 0) + out.get(x, 0, 1) + out.get(x, 0, 2)).isZero();
            assertThat(out.get(x, 39, 1)).isZero();
            assertThat(out.get(x, 9, 2)).isZero();
            assertThat(out.get(x, 30, 0)).isZero();
        }
        // content copied unscaled (same width) at rows 10..29
        assertThat(out.get(0, 10, 0)).isEqualTo(255);
        assertThat(out.get(0, 10, 1)).isZero();
        assertThat(out.get(39, 29, 2)).isEqualTo(255);
        assertThat(out.get(39, 29, 0)).isZero();
        assertThat(out.get(20, 20, 1)).isEqualTo(255);
    }

    @Test
    void detectionInInputMapsBackToOriginalPixels() {
        // portrait 293x473 at 128: content 79x128 at padX 24
        Letterbox lb = Letterbox.of(293, 473, 128);
        assertThat(lb.contentHeight()).isEqualTo(128);
        assertThat(lb.contentWidth()).isEqualTo(79);
        assertThat(lb.padX()).isEqualTo(24);
        // a box whose geometry is centred at input pixel (64, 32), 20 px wide, 10 px tall
        float[] g = new float[16];
        g[0] = 64f / 128; g[1] = 32f / 128; g[2] = 20f / 128; g[3] = 10f / 128;
        for (int k = 0; k < 6; k++) { g[4 + 2 * k] = (60f + k) / 128; g[5 + 2 * k] = 30f / 128; }
        BlazeFaceDetection d = BlazeFaceDetector.toImage(new Candidate(0.9f, g), lb);
        float sx = 293f / 79, sy = 473f / 128;
        assertThat(d.face().box().x1()).isCloseTo((54 - 24) * sx, within(1e-2f));
        assertThat(d.face().box().x2()).isCloseTo((74 - 24) * sx, within(1e-2f));
        assertThat(d.face().box().y1()).isCloseTo(27 * sy, within(1e-2f));
        assertThat(d.face().box().y2()).isCloseTo(37 * sy, within(1e-2f));
        assertThat(d.keypoint(BlazeFaceDetection.MOUTH).x()).isCloseTo((63 - 24) * sx, within(1e-2f));
        assertThat(d.face().score()).isEqualTo(0.9f);
    }

    @Test
    void boxesAreClippedToTheImageAndEmptyOnesDropped() {
        Letterbox lb = Letterbox.of(200, 100, 128); // content rows 32..96
        float[] g = new float[16];
        g[0] = 0.05f; g[1] = 0.3f; g[2] = 0.2f; g[3] = 0.2f; // spills over the left edge and into the top padding
        BlazeFaceDetection d = BlazeFaceDetector.toImage(new Candidate(0.8f, g), lb);
        assertThat(d.face().box().x1()).isZero();
        assertThat(d.face().box().y1()).isZero();
        assertThat(d.face().box().x2()).isCloseTo(0.15f * 200, within(1e-3f));
        assertThat(d.face().box().y2()).isCloseTo((0.4f * 128 - 32) * 100 / 64, within(1e-3f));
        float[] inPadding = new float[16];
        inPadding[0] = 0.5f; inPadding[1] = 0.05f; inPadding[2] = 0.1f; inPadding[3] = 0.1f; // rows 0..12.8: all padding
        assertThat(BlazeFaceDetector.toImage(new Candidate(0.8f, inPadding), lb)).isNull();
    }
}
