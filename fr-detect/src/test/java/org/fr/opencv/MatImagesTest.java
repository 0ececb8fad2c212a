package org.fr.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.fr.InvalidImageException;
import org.fr.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

class MatImagesTest {
    @BeforeAll
    static void loadOpenCv() {
        nu.pattern.OpenCV.loadLocally();
    }

    @Test
    void grayIsReplicated() {
        Mat m = new Mat(2, 3, CvType.CV_8UC1);
        m.put(0, 0, new byte[] {0, 17, (byte) 128, (byte) 200, (byte) 255, 1});
        RgbImage img = MatImages.toRgbImage(m);
        assertThat(img.width()).isEqualTo(3);
        assertThat(img.height()).isEqualTo(2);
        assertThat(rgb(img, 2, 0)).containsExactly(128, 128, 128);
        assertThat(rgb(img, 1, 1)).containsExactly(255, 255, 255);
        assertThat(rgb(img, 2, 1)).containsExactly(1, 1, 1);
        m.release();
    }

    @Test
    void bgrIsReorderedToRgb() {
        Mat m = new Mat(1, 2, CvType.CV_8UC3);
        m.put(0, 0, new byte[] {10, 20, 30, (byte) 255, 0, 0});  // B, G, R
        RgbImage img = MatImages.toRgbImage(m);
        assertThat(rgb(img, 0, 0)).containsExactly(30, 20, 10);
        assertThat(rgb(img, 1, 0)).as("pure blue in BGR").containsExactly(0, 0, 255);
        m.release();
    }

    @Test
    void bgraIsCompositedOverWhite() {
        Mat m = new Mat(1, 3, CvType.CV_8UC4);
        m.put(0, 0, new byte[] {
            10, 20, 30, (byte) 255,      // opaque
            0, 0, (byte) 255, (byte) 128, // half-transparent red
            5, 6, 7, 0});                 // fully transparent
        RgbImage img = MatImages.toRgbImage(m);
        assertThat(rgb(img, 0, 0)).containsExactly(30, 20, 10);
        assertThat(rgb(img, 1, 0)).containsExactly(255, 127, 127);
        assertThat(rgb(img, 2, 0)).containsExactly(255, 255, 255);
        m.release();
    }

    @Test
    void sixteenBitIsScaled() {
        Mat gray = new Mat(1, 4, CvType.CV_16UC1);
        gray.put(0, 0, new short[] {0, (short) 32896, (short) 65535, (short) 0xFF00});
        assertThat(flat(MatImages.toRgbImage(gray))).containsExactly(0, 0, 0, 128, 128, 128, 255, 255, 255, 254, 254, 254);

        Mat bgr = new Mat(1, 1, CvType.CV_16UC3);
        bgr.put(0, 0, new short[] {(short) (10 * 257), (short) (20 * 257), (short) 65535});
        assertThat(flat(MatImages.toRgbImage(bgr))).containsExactly(255, 20, 10);

        Mat bgra = new Mat(1, 2, CvType.CV_16UC4);
        bgra.put(0, 0, new short[] {0, 0, 0, 0, (short) 65535, 0, 0, (short) 65535});
        assertThat(flat(MatImages.toRgbImage(bgra))).containsExactly(255, 255, 255, 0, 0, 255);
        gray.release();
        bgr.release();
        bgra.release();
    }

    @Test
    void nonContinuousRoiIsReadRowByRow() {
        Mat big = new Mat(6, 8, CvType.CV_8UC3);
        byte[] data = new byte[6 * 8 * 3];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        big.put(0, 0, data);
        Mat roi = big.submat(new Rect(2, 1, 3, 4));
        assertThat(roi.isContinuous()).isFalse();
        RgbImage img = MatImages.toRgbImage(roi);
        assertThat(img.width()).isEqualTo(3);
        assertThat(img.height()).isEqualTo(4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                int s = ((y + 1) * 8 + x + 2) * 3;
                assertThat(rgb(img, x, y)).containsExactly(data[s + 2] & 0xFF, data[s + 1] & 0xFF, data[s] & 0xFF);
            }
        }
        roi.release();
        big.release();
    }

    @Test
    void roundTripThroughBgrMat() {
        byte[] px = new byte[7 * 5 * 3];
        new Random(5).nextBytes(px);
        RgbImage img = new RgbImage(7, 5, px);
        Mat m = MatImages.toMat(img);
        assertThat(m.type()).isEqualTo(CvType.CV_8UC3);
        assertThat(m.rows()).isEqualTo(5);
        assertThat(m.cols()).isEqualTo(7);
        byte[] first = new byte[3];
        m.get(0, 0, first);
        assertThat(first).as("stored as B, G, R").containsExactly(px[2], px[1], px[0]);
        assertThat(MatImages.toRgbImage(m).pixels()).isEqualTo(px);
        m.release();
    }

    @Test
    void unsupportedTypesAreRefusedNamingTheType() {
        Mat f = new Mat(4, 4, CvType.CV_32FC1);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> MatImages.toRgbImage(f));
        assertThat(e.getMessage()).isEqualTo(
                "OpenCV Mat: Mat of type CV_32FC1 not supported; expected 8-bit or 16-bit with 1, 3 or 4 channels");

        Mat two = new Mat(4, 4, CvType.CV_8UC2);
        assertThat(assertThrows(InvalidImageException.class, () -> MatImages.toRgbImage(two, "frame 9")).getMessage())
                .startsWith("frame 9: Mat of type CV_8UC2 not supported");

        Mat signed = new Mat(4, 4, CvType.CV_16SC3);
        assertThat(assertThrows(InvalidImageException.class, () -> MatImages.toRgbImage(signed)).getMessage())
                .contains("CV_16SC3");

        Mat empty = new Mat();
        InvalidImageException ee = assertThrows(InvalidImageException.class, () -> MatImages.toRgbImage(empty));
        assertThat(ee.getMessage()).isEqualTo("OpenCV Mat: empty Mat (no pixels)");
        f.release();
        two.release();
        signed.release();
        empty.release();
    }

    private static int[] rgb(RgbImage img, int x, int y) {
        return new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
    }

    private static int[] flat(RgbImage img) {
        int[] out = new int[img.pixels().length];
        for (int i = 0; i < out.length; i++) out[i] = img.pixels()[i] & 0xFF;
        return out;
    }
}
