package org.fr.image;

import java.io.ByteArrayInputStream;
import java.util.List;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;

import org.fr.RgbImage;

/**
 * The EXIF orientation of JPEGs (tag 0x0112 of IFD0) and the pixel transform that makes an image upright.
 * Values follow the EXIF/TIFF specification: 1 upright, 2 mirrored left-right, 3 rotated 180 degrees, 4 mirrored
 * top-bottom, 5 transposed, 6 to be rotated 90 degrees clockwise, 7 transversed, 8 to be rotated 90 degrees
 * counter-clockwise. Stateless and thread-safe.
 */
public final class ExifOrientation {
    /** The orientation of an upright image, and of every image without (valid) EXIF orientation. */
    public static final int UPRIGHT = 1;

    private ExifOrientation() {}

    /**
     * The EXIF orientation of a JPEG, 1..8; {@link #UPRIGHT} when the file has no EXIF block, no orientation tag,
     * an out-of-range value, or EXIF data too damaged to read (a broken EXIF block must not make an otherwise
     * readable photo unusable). Reads only the segments before the image data.
     */
    public static int ofJpeg(byte[] jpeg) {
        try {
            Metadata md = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg), List.of(new ExifReader()));
            for (ExifIFD0Directory dir : md.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer v = dir.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (v != null) return v >= 1 && v <= 8 ? v : UPRIGHT;
            }
            return UPRIGHT;
        } catch (Exception | StackOverflowError e) {
            return UPRIGHT;
        }
    }

    /** Whether the orientation swaps width and height (5 to 8). */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The upright image for a stored image of the given EXIF orientation; the image itself for orientation 1.
     *
     * @throws IllegalArgumentException for an orientation outside 1..8
     */
    public static RgbImage apply(RgbImage img, int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must lie in 1..8, got " + orientation);
        }
        if (orientation == UPRIGHT) return img;
        int w = img.width(), h = img.height();
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w, oh = swap ? w : h;
        // The source pixel of output (x, y) is s0 + x * stepX + y * stepY (in pixels of the stored image).
        int last = (h - 1) * w;
        int s0, stepX, stepY;
        switch (orientation) {
            case 2 -> { s0 = w - 1; stepX = -1; stepY = w; }
            case 3 -> { s0 = last + w - 1; stepX = -1; stepY = -w; }
            case 4 -> { s0 = last; stepX = 1; stepY = -w; }
            case 5 -> { s0 = 0; stepX = w; stepY = 1; }
            case 6 -> { s0 = last; stepX = -w; stepY = 1; }
            case 7 -> { s0 = last + w - 1; stepX = -w; stepY = -1; }
            default -> { s0 = w - 1; stepX = w; stepY = -1; } // 8
        }
        byte[] src = img.pixels();
        byte[] out = new byte[src.length];
        int d = 0;
        for (int y = 0; y < oh; y++) {
            int s = s0 + y * stepY;
            for (int x = 0; x < ow; x++, d += 3, s += stepX) {
                int b = s * 3;
                out[d] = src[b];
                out[d + 1] = src[b + 1];
                out[d + 2] = src[b + 2];
            }
        }
        return new RgbImage(ow, oh, out);
    }
}
