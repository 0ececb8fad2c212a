package org.fr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- refusals

    @Test
    void emptyFileIsRefused() throws IOException {
        Path f = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertRefused(f, "empty file (0 bytes)");
    }

    @Test
    void textFileNamedJpgIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.jpg"), "hello, this is not a picture\nsecond line\n");
        InvalidImageException e = assertRefused(f, "not a recognised image (JPEG, PNG, BMP");
        assertThat(e.getMessage()).contains("68 65 6C 6C 6F").contains("text");
    }

    @Test
    void missingFileIsRefused() {
        assertRefused(dir.resolve("missing.jpg"), "no such file");
    }

    @Test
    void directoryIsRefused() throws IOException {
        Path d = Files.createDirectory(dir.resolve("photos.jpg"));
        assertRefused(d, "is a directory");
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        byte[] jpeg = jpeg(noise(64, 64, 1), 0.9f);
        Path f = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertRefused(f, "truncated or corrupt JPEG");
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsRefused() throws IOException {
        byte[] jpeg = jpeg(noise(64, 64, 2), 0.9f);
        Path f = Files.write(dir.resolve("no-eoi.jpg"), Arrays.copyOf(jpeg, jpeg.length - 2));
        assertRefused(f, "truncated or corrupt JPEG");
    }

    @Test
    void truncatedJpegWithAnEndMarkerAppendedIsRefusedThroughTheReaderWarning() throws IOException {
        // Passes the end-marker check, so only the decoder's "premature end of data segment" warning can catch it.
        byte[] jpeg = jpeg(noise(64, 64, 3), 0.9f);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        Path f = Files.write(dir.resolve("cut-eoi.jpg"), cut);
        assertRefused(f, "truncated or corrupt JPEG");
    }

    @Test
    void jpegWithTrailingDataAfterTheEndMarkerIsAccepted() throws IOException {
        BufferedImage src = noise(32, 32, 4);
        byte[] jpeg = jpeg(src, 0.9f);
        byte[] trailer = "CAMERA-TRAILER-0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] withTrailer = Arrays.copyOf(jpeg, jpeg.length + trailer.length);
        System.arraycopy(trailer, 0, withTrailer, jpeg.length, trailer.length);
        RgbImage plain = ImageDecoder.decode(jpeg, "plain.jpg");
        RgbImage trailed = ImageDecoder.decode(withTrailer, "trailed.jpg");
        assertThat(trailed.pixels()).isEqualTo(plain.pixels());
    }

    @Test
    void twelveBitJpegIsRefusedAsUnsupported() throws IOException {
        byte[] jpeg = jpeg(noise(32, 32, 5), 0.9f);
        int sof = segment(jpeg, 0xC0);
        jpeg[sof + 4] = 12;  // sample precision, after marker (2) and length (2)
        Path f = Files.write(dir.resolve("deep.jpg"), jpeg);
        assertRefused(f, "unsupported JPEG variant");
    }

    @Test
    void onePixelPngIsRefusedAsTooSmall() throws IOException {
        Path f = Files.write(dir.resolve("dot.png"), encode(new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR), "png"));
        InvalidImageException e = assertRefused(f, "image too small (1x1); at least 16x16 pixels needed");
        assertThat(e.getMessage()).isEqualTo(f + ": image too small (1x1); at least 16x16 pixels needed");
    }

    @Test
    void pngWhoseHeaderClaimsAHugeImageIsRefusedAtOnce() throws Exception {
        byte[] png = encode(noise(16, 16, 6), "png");
        patchPngSize(png, 50_000, 50_000);
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(png))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            assertThat(r.getWidth(0)).as("the patched header claims 50000 pixels").isEqualTo(50_000);
            r.dispose();
        }
        Path f = Files.write(dir.resolve("bomb.png"), png);
        // Decoding 50000x50000 pixels would take many seconds and ~7.5 GB; refusing from the header is instant.
        InvalidImageException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertRefused(f, "image too large (50000x50000)"));
        assertThat(e.getMessage()).contains("at most 16384x16384");
        InvalidImageException fromBytes = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.decode(png, "upload-7"));
        assertThat(fromBytes.getMessage()).startsWith("upload-7: image too large (50000x50000)");
    }

    @Test
    void truncatedPngIsRefused() throws IOException {
        byte[] png = encode(noise(64, 64, 7), "png");
        Path f = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        assertRefused(f, "truncated or corrupt PNG");
    }

    @Test
    void emptyAndUnknownBytesAreRefusedNamingTheSource() {
        InvalidImageException empty = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.decode(new byte[0], "request-42"));
        assertThat(empty.getMessage()).isEqualTo("request-42: empty input (0 bytes)");
        assertThat(empty.source()).isEqualTo("request-42");

        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageDecoder.decode(webp, "a.webp"));
        assertThat(e.getMessage()).startsWith("a.webp: ").contains("WebP").doesNotContain("\n");
    }

    @Test
    void customLimitsAreApplied() throws IOException {
        Path f = Files.write(dir.resolve("wide.png"), encode(noise(64, 40, 8), "png"));
        assertThat(ImageDecoder.read(f).width()).isEqualTo(64);

        InvalidImageException wide = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.read(f, ImageLimits.DEFAULT.withMaxSize(32, 1000, 1_000_000)));
        assertThat(wide.getMessage()).contains("wide.png").contains("image too large (64x40)");

        InvalidImageException many = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.read(f, ImageLimits.DEFAULT.withMaxSize(1000, 1000, 2000)));
        assertThat(many.getMessage()).contains("image too large (64x40)").contains("2000 pixels");

        InvalidImageException small = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.read(f, ImageLimits.DEFAULT.withMinSide(41)));
        assertThat(small.getMessage()).contains("image too small (64x40); at least 41x41 pixels needed");
    }

    @Test
    void limitsThemselvesAreValidated() {
        assertThat(ImageLimits.DEFAULT).isEqualTo(new ImageLimits(16384, 16384, 64_000_000L, 16));
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 10, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(10, 10, 100, 11));
        assertThat(ImageLimits.DEFAULT.accepts(16, 16)).isTrue();
        assertThat(ImageLimits.DEFAULT.accepts(15, 100)).isFalse();
        assertThat(ImageLimits.DEFAULT.accepts(16384, 16384)).isFalse();  // 268M pixels > 64M
        assertThat(ImageLimits.DEFAULT.accepts(16385, 16)).isFalse();
    }

    // ---------------------------------------------------------------- formats and pixel types

    @Test
    void gray8BitPngKeepsItsValues() throws IOException {
        BufferedImage g = new BufferedImage(20, 16, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = g.getRaster();
        for (int y = 0; y < 16; y++) for (int x = 0; x < 20; x++) r.setSample(x, y, 0, (x * 13 + y * 7) & 0xFF);
        r.setSample(0, 0, 0, 128);
        byte[] png = encode(g, "png");
        assertThat(png[25]).as("PNG colour type grey").isEqualTo((byte) 0);
        RgbImage img = ImageDecoder.read(Files.write(dir.resolve("gray.png"), png));
        assertThat(img.width()).isEqualTo(20);
        assertThat(img.height()).isEqualTo(16);
        assertThat(rgb(img, 0, 0)).containsExactly(128, 128, 128);  // not brightened to 188 by a gamma conversion
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 20; x++) {
                int v = r.getSample(x, y, 0);
                assertThat(rgb(img, x, y)).as("(%d,%d)", x, y).containsExactly(v, v, v);
            }
        }
    }

    @Test
    void gray16BitPngIsScaledTo8Bits() throws IOException {
        BufferedImage g = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = g.getRaster();
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) r.setSample(x, y, 0, (x * 16 + y) * 257);
        r.setSample(1, 0, 0, 32896);  // 128 * 257
        r.setSample(2, 0, 0, 65535);
        r.setSample(3, 0, 0, 0xFF00);  // >> 8 would give 255; scaling by 255/65535 gives 254
        byte[] png = encode(g, "png");
        assertThat(png[24]).as("PNG bit depth").isEqualTo((byte) 16);
        assertThat(png[25]).as("PNG colour type grey").isEqualTo((byte) 0);
        RgbImage img = ImageDecoder.read(Files.write(dir.resolve("gray16.png"), png));
        assertThat(rgb(img, 1, 0)).containsExactly(128, 128, 128);
        assertThat(rgb(img, 2, 0)).containsExactly(255, 255, 255);
        assertThat(rgb(img, 3, 0)).containsExactly(254, 254, 254);
        assertThat(rgb(img, 5, 7)).containsExactly(87, 87, 87);
        assertThat(rgb(img, 15, 15)).containsExactly(255, 255, 255);
    }

    @Test
    void rgb16BitPngIsScaledTo8Bits() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(16, 16);
        BufferedImage img16 = new BufferedImage(cm, r, false, null);
        assertThat(img16.getType()).isEqualTo(BufferedImage.TYPE_CUSTOM);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setSample(x, y, 0, x * 16 * 257);
                r.setSample(x, y, 1, y * 16 * 257);
                r.setSample(x, y, 2, 65535 - x * y * 257);
            }
        }
        r.setPixel(0, 0, new int[] {65535, 0, 32896});
        byte[] png = encode(img16, "png");
        assertThat(png[24]).as("PNG bit depth").isEqualTo((byte) 16);
        assertThat(png[25]).as("PNG colour type RGB").isEqualTo((byte) 2);
        RgbImage img = ImageDecoder.read(Files.write(dir.resolve("rgb16.png"), png));
        assertThat(rgb(img, 0, 0)).containsExactly(255, 0, 128);
        assertThat(rgb(img, 3, 5)).containsExactly(48, 80, 240);
        assertThat(rgb(img, 15, 15)).containsExactly(240, 240, 30);
    }

    @Test
    void transparentPngIsCompositedOverWhite() throws IOException {
        BufferedImage a = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);  // all transparent black
        a.setRGB(1, 0, 0x80FF0000);  // half-transparent red
        a.setRGB(2, 0, 0xFF0000FF);  // opaque blue
        a.setRGB(3, 0, 0x00123456);  // transparent, colour ignored
        byte[] png = encode(a, "png");
        assertThat(png[25]).as("PNG colour type RGBA").isEqualTo((byte) 6);
        RgbImage img = ImageDecoder.read(Files.write(dir.resolve("alpha.png"), png));
        assertThat(rgb(img, 0, 0)).containsExactly(255, 255, 255);
        assertThat(rgb(img, 15, 15)).containsExactly(255, 255, 255);
        assertThat(rgb(img, 1, 0)).containsExactly(255, 127, 127);
        assertThat(rgb(img, 2, 0)).containsExactly(0, 0, 255);
        assertThat(rgb(img, 3, 0)).containsExactly(255, 255, 255);
    }

    @Test
    void bmpGifAndTiffAreLossless() throws IOException {
        BufferedImage src = noise(24, 18, 9);
        for (String format : List.of("bmp", "tiff")) {
            RgbImage img = ImageDecoder.read(Files.write(dir.resolve("noise." + format), encode(src, format)));
            assertSamePixels(img, src);
        }
        BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED);  // 6x6x6 palette
        Graphics2D g = indexed.createGraphics();
        g.setColor(new Color(0xFF0000));
        g.fillRect(0, 0, 8, 16);
        g.setColor(new Color(0x3366CC));
        g.fillRect(8, 0, 8, 16);
        g.dispose();
        RgbImage gif = ImageDecoder.read(Files.write(dir.resolve("flat.gif"), encode(indexed, "gif")));
        assertThat(rgb(gif, 2, 2)).containsExactly(255, 0, 0);
        assertThat(rgb(gif, 12, 9)).containsExactly(0x33, 0x66, 0xCC);
    }

    @Test
    void jpegRoundTripStaysWithinTolerance() throws IOException {
        BufferedImage src = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) src.setRGB(x, y, new Color(x * 4, y * 5, 255 - x * 2 - y).getRGB());
        }
        RgbImage img = ImageDecoder.read(Files.write(dir.resolve("smooth.jpg"), jpeg(src, 0.95f)));
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(48);
        long sum = 0;
        int max = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int[] want = argbToRgb(src.getRGB(x, y));
                int[] got = rgb(img, x, y);
                for (int c = 0; c < 3; c++) {
                    int d = Math.abs(want[c] - got[c]);
                    sum += d;
                    max = Math.max(max, d);
                }
            }
        }
        assertThat((double) sum / (64 * 48 * 3)).isLessThan(2.5);
        assertThat(max).isLessThan(24);
    }

    @Test
    void decodeOfBytesAndReadOfFileGiveTheSamePixels() throws IOException {
        byte[] jpeg = withExifOrientation(jpeg(noise(48, 32, 10), 0.9f), 6, true);
        byte[] png = encode(noise(20, 30, 11), "png");
        for (byte[] data : List.of(jpeg, png)) {
            Path f = Files.write(dir.resolve("same-" + data.length), data);
            RgbImage fromFile = ImageDecoder.read(f);
            RgbImage fromBytes = ImageDecoder.decode(data, "bytes");
            assertThat(fromBytes.width()).isEqualTo(fromFile.width());
            assertThat(fromBytes.height()).isEqualTo(fromFile.height());
            assertThat(fromBytes.pixels()).isEqualTo(fromFile.pixels());
        }
        assertThat(ImageDecoder.decode(jpeg, "bytes").width()).isEqualTo(32);  // orientation 6 applied
    }

    @Test
    void concurrentDecodesAgree() throws Exception {
        byte[] jpeg = jpeg(noise(64, 64, 12), 0.9f);
        byte[] expected = ImageDecoder.decode(jpeg, "x").pixels();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) results.add(pool.submit(() -> ImageDecoder.decode(jpeg, "x").pixels()));
            for (Future<byte[]> f : results) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- EXIF orientation

    @Test
    void exifOrientation6RotatesClockwise() throws IOException {
        RgbImage img = readOriented(6, true);
        assertThat(img.width()).isEqualTo(32);
        assertThat(img.height()).isEqualTo(48);
        assertThat(corner(img, "TR")).as("stored top-left (red) ends top-right").isEqualTo("red");
        assertThat(corner(img, "BR")).as("stored top-right (green) ends bottom-right").isEqualTo("green");
        assertThat(corner(img, "TL")).isEqualTo("gray");
        assertThat(corner(img, "BL")).isEqualTo("gray");
    }

    @Test
    void exifOrientation3Rotates180() throws IOException {
        RgbImage img = readOriented(3, false);  // little-endian TIFF block
        assertThat(img.width()).isEqualTo(48);
        assertThat(img.height()).isEqualTo(32);
        assertThat(corner(img, "BR")).isEqualTo("red");
        assertThat(corner(img, "BL")).isEqualTo("green");
        assertThat(corner(img, "TL")).isEqualTo("gray");
        assertThat(corner(img, "TR")).isEqualTo("gray");
    }

    /** The stored image is 48x32 with a red top-left and a green top-right corner. */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, 48, 32, TL, TR",
        "2, 48, 32, TR, TL",
        "3, 48, 32, BR, BL",
        "4, 48, 32, BL, BR",
        "5, 32, 48, TL, BL",
        "6, 32, 48, TR, BR",
        "7, 32, 48, BR, TR",
        "8, 32, 48, BL, TL",
    })
    void everyExifOrientationIsMadeUpright(int orientation, int width, int height, String red, String green)
            throws IOException {
        RgbImage img = readOriented(orientation, orientation % 2 == 0);
        assertThat(img.width()).isEqualTo(width);
        assertThat(img.height()).isEqualTo(height);
        assertThat(corner(img, red)).isEqualTo("red");
        assertThat(corner(img, green)).isEqualTo("green");
        for (String c : List.of("TL", "TR", "BL", "BR")) {
            if (!c.equals(red) && !c.equals(green)) assertThat(corner(img, c)).as(c).isEqualTo("gray");
        }
    }

    @Test
    void limitsApplyToTheUprightSize() throws IOException {
        byte[] jpeg = withExifOrientation(jpeg(markedCorners(), 0.95f), 6, true);  // stored 48x32, upright 32x48
        ImageLimits tall = new ImageLimits(40, 64, 10_000, 16);
        assertThat(ImageDecoder.decode(jpeg, "rotated.jpg", tall).height()).isEqualTo(48);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> ImageDecoder.decode(jpeg, "rotated.jpg", new ImageLimits(64, 40, 10_000, 16)));
        assertThat(e.getMessage()).isEqualTo("rotated.jpg: image too large (32x48); at most 64x40 and 10000 pixels allowed");
    }

    // ---------------------------------------------------------------- helpers

    private static InvalidImageException assertRefused(Path file, String problem) {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> ImageDecoder.read(file));
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.getMessage())
                .startsWith(file + ": ")
                .contains(file.getFileName().toString())
                .contains(problem)
                .doesNotContain("\n")
                .doesNotContain("\r");
        return e;
    }

    private RgbImage readOriented(int orientation, boolean bigEndian) throws IOException {
        byte[] jpeg = withExifOrientation(jpeg(markedCorners(), 0.95f), orientation, bigEndian);
        return ImageDecoder.read(Files.write(dir.resolve("oriented-" + orientation + ".jpg"), jpeg));
    }

    /** 48x32 grey, a red 16x16 block at the top-left, a green one at the top-right. */
    private static BufferedImage markedCorners() {
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 48, 32);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 16, 16);
        g.setColor(Color.GREEN);
        g.fillRect(32, 0, 16, 16);
        g.dispose();
        return img;
    }

    /** The colour at the centre of the 16x16 block in a corner: "red", "green", "gray" or the RGB values. */
    private static String corner(RgbImage img, String which) {
        int x = which.endsWith("L") ? 8 : img.width() - 9;
        int y = which.startsWith("T") ? 8 : img.height() - 9;
        int[] p = rgb(img, x, y);
        if (p[0] > 200 && p[1] < 60 && p[2] < 60) return "red";
        if (p[1] > 200 && p[0] < 60 && p[2] < 60) return "green";
        if (Math.abs(p[0] - 128) < 20 && Math.abs(p[1] - 128) < 20 && Math.abs(p[2] - 128) < 20) return "gray";
        return Arrays.toString(p);
    }

    /**
     * Splices, right after SOI, an APP1 segment holding a minimal EXIF block: a TIFF header and IFD0 with a single
     * Orientation (0x0112, SHORT) entry.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        byte[] tiff = bigEndian
                ? new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation,
                              0, 0, 0, 0, 0, 0}
                : new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0,
                              0, 0, 0, 0, 0, 0};
        byte[] exifId = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifId.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);  // SOI
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exifId, 0, exifId.length);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Offset of the first segment with the given marker, walking the segments from SOI. */
    private static int segment(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            assertThat(jpeg[pos] & 0xFF).isEqualTo(0xFF);
            int m = jpeg[pos + 1] & 0xFF;
            if (m == marker) return pos;
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    /** Rewrites the IHDR width and height of a PNG and its CRC. */
    private static void patchPngSize(byte[] png, int width, int height) {
        assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        putInt(png, 16, width);
        putInt(png, 20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);  // chunk type and 13 data bytes
        putInt(png, 29, (int) crc.getValue());
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(seed);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rnd.nextInt() & 0xFFFFFF);
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("ImageIO writes " + format).isTrue();
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter w = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    static int[] rgb(RgbImage img, int x, int y) {
        return new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
    }

    static int[] argbToRgb(int argb) {
        return new int[] {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF};
    }

    static void assertSamePixels(RgbImage img, BufferedImage src) {
        assertThat(img.width()).isEqualTo(src.getWidth());
        assertThat(img.height()).isEqualTo(src.getHeight());
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                assertThat(rgb(img, x, y)).as("(%d,%d)", x, y).containsExactly(argbToRgb(src.getRGB(x, y)));
            }
        }
    }
}
