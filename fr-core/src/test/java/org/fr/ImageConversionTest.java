package org.fr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.fr.image.ExifOrientation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ImageDecoder#fromBufferedImage}, {@link ImageDecoder#toBufferedImage} and the EXIF pixel transforms. */
class ImageConversionTest {

    @Test
    void grayBytesAreTakenAsStoredNotGammaConverted() {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        assertThat(Integer.toHexString(g.getRGB(1, 0))).as("getRGB would brighten it").isEqualTo("ffbcbcbc");
        RgbImage img = ImageDecoder.fromBufferedImage(g);
        assertThat(row(img, 0)).containsExactly(0, 0, 0, 128, 128, 128, 255, 255, 255);
    }

    @Test
    void gray16IsScaled() {
        BufferedImage g = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 32896, 65535, 257});
        assertThat(row(ImageDecoder.fromBufferedImage(g), 0))
                .containsExactly(0, 0, 0, 128, 128, 128, 255, 255, 255, 1, 1, 1);
    }

    @Test
    void packedAndInterleavedRgbTypesGiveTheSamePixels() {
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0x123456, 0xFFFFFF, 0x000000};
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR,
                                   BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage b = new BufferedImage(colours.length, 1, type);
            for (int x = 0; x < colours.length; x++) b.setRGB(x, 0, 0xFF000000 | colours[x]);
            RgbImage img = ImageDecoder.fromBufferedImage(b);
            for (int x = 0; x < colours.length; x++) {
                assertThat(ImageDecoderTest.rgb(img, x, 0)).as("type %d pixel %d", type, x)
                        .containsExactly(ImageDecoderTest.argbToRgb(colours[x]));
            }
        }
    }

    @Test
    void ushort565IsScaled() {
        BufferedImage b = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_565_RGB);
        b.setRGB(0, 0, 0xFFFFFF);
        b.setRGB(1, 0, 0xFF0000);
        b.setRGB(2, 0, 0x000000);
        assertThat(row(ImageDecoder.fromBufferedImage(b), 0)).containsExactly(255, 255, 255, 255, 0, 0, 0, 0, 0);
    }

    @Test
    void alphaIsCompositedOverWhiteForStraightAndPremultipliedAlpha() {
        for (int type : new int[] {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
                                   BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE}) {
            BufferedImage b = new BufferedImage(3, 1, type);
            b.setRGB(0, 0, 0x00000000);
            b.setRGB(1, 0, 0x80FF0000);
            b.setRGB(2, 0, 0xFF00FF00);
            RgbImage img = ImageDecoder.fromBufferedImage(b);
            assertThat(ImageDecoderTest.rgb(img, 0, 0)).as("type %d", type).containsExactly(255, 255, 255);
            int[] half = ImageDecoderTest.rgb(img, 1, 0);
            assertThat(half[0]).as("type %d", type).isEqualTo(255);
            assertThat(half[1]).as("type %d", type).isBetween(126, 128);
            assertThat(half[2]).as("type %d", type).isBetween(126, 128);
            assertThat(ImageDecoderTest.rgb(img, 2, 0)).as("type %d", type).containsExactly(0, 255, 0);
        }
    }

    @Test
    void indexedImagesUseThePaletteAndItsTransparency() {
        byte[] r = {0, (byte) 200, 10}, g = {0, 100, 20}, b = {0, 50, 30};
        IndexColorModel icm = new IndexColorModel(2, 3, r, g, b, 0);  // index 0 transparent
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
        assertThat(row(ImageDecoder.fromBufferedImage(img), 0)).containsExactly(255, 255, 255, 200, 100, 50, 10, 20, 30);

        BufferedImage bw = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
        bw.setRGB(0, 0, 0xFFFFFF);
        assertThat(row(ImageDecoder.fromBufferedImage(bw), 0)).containsExactly(255, 255, 255, 0, 0, 0);
    }

    @Test
    void floatSamplesAreScaled() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new float[] {0.5f, 1f, 0f});
        raster.setPixel(1, 0, new float[] {2f, -1f, 0.2f});
        RgbImage img = ImageDecoder.fromBufferedImage(new BufferedImage(cm, raster, false, null));
        assertThat(row(img, 0)).containsExactly(128, 255, 0, 255, 0, 51);
    }

    @Test
    void subimagesAreReadAtTheirOffset() {
        BufferedImage big = ImageDecoderTest.noise(20, 10, 3);
        BufferedImage sub = big.getSubimage(5, 3, 7, 4);
        RgbImage img = ImageDecoder.fromBufferedImage(sub);
        assertThat(img.width()).isEqualTo(7);
        assertThat(img.height()).isEqualTo(4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 7; x++) {
                assertThat(ImageDecoderTest.rgb(img, x, y))
                        .containsExactly(ImageDecoderTest.argbToRgb(big.getRGB(x + 5, y + 3)));
            }
        }
    }

    @Test
    void toBufferedImageCopiesAndRoundTrips() throws IOException {
        RgbImage img = ImageDecoder.fromBufferedImage(ImageDecoderTest.noise(17, 19, 4));
        BufferedImage b = ImageDecoder.toBufferedImage(img);
        assertThat(b.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(b.getRGB(3, 4) & 0xFFFFFF)
                .isEqualTo((img.get(3, 4, 0) << 16) | (img.get(3, 4, 1) << 8) | img.get(3, 4, 2));
        assertThat(ImageDecoder.fromBufferedImage(b).pixels()).isEqualTo(img.pixels());

        byte[] before = img.pixels().clone();
        b.setRGB(0, 0, 0x010203);
        assertThat(img.pixels()).as("the BufferedImage is a copy").isEqualTo(before);

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertThat(ImageIO.write(b, "png", png)).isTrue();
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertThat(back.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x010203);
    }

    /**
     * Stored 3x2 image {@code a b c / d e f}; the expected upright images are written out by hand from the EXIF
     * definitions (e.g. 6: the stored top row becomes the right column).
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, 3, abc/def",
        "2, 3, cba/fed",
        "3, 3, fed/cba",
        "4, 3, def/abc",
        "5, 2, ad/be/cf",
        "6, 2, da/eb/fc",
        "7, 2, fc/eb/da",
        "8, 2, cf/be/ad",
    })
    void exifTransformsMatchTheirDefinition(int orientation, int width, String expected) {
        byte[] px = new byte[3 * 2 * 3];
        for (int i = 0; i < 6; i++) {
            px[i * 3] = (byte) ('a' + i);
            px[i * 3 + 1] = (byte) i;
            px[i * 3 + 2] = (byte) (100 + i);
        }
        RgbImage out = ExifOrientation.apply(new RgbImage(3, 2, px), orientation);
        assertThat(out.width()).isEqualTo(width);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < out.height(); y++) {
            if (y > 0) sb.append('/');
            for (int x = 0; x < out.width(); x++) {
                char c = (char) out.get(x, y, 0);
                sb.append(c);
                assertThat(out.get(x, y, 1)).isEqualTo(c - 'a');
                assertThat(out.get(x, y, 2)).isEqualTo(100 + c - 'a');
            }
        }
        assertThat(sb.toString()).isEqualTo(expected);
    }

    @Test
    void invalidOrientationIsRejected() {
        RgbImage img = new RgbImage(1, 1, new byte[3]);
        assertThrows(IllegalArgumentException.class, () -> ExifOrientation.apply(img, 9));
        assertThat(ExifOrientation.ofJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2})).isEqualTo(1);
    }

    private static int[] row(RgbImage img, int y) {
        int[] out = new int[img.width() * 3];
        for (int x = 0; x < img.width(); x++) {
            for (int c = 0; c < 3; c++) out[x * 3 + c] = img.get(x, y, c);
        }
        return out;
    }
}
