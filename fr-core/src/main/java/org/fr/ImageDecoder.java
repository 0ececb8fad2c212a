package org.fr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.fr.image.BufferedImageConversion;
import org.fr.image.ByteArrayImageInputStream;
import org.fr.image.ExifOrientation;
import org.fr.image.ImageStructure;

/**
 * Decodes image files and bytes into {@link RgbImage}s with {@code javax.imageio}: JPEG, PNG, BMP, GIF, TIFF, and
 * whatever other formats ImageIO plugins on the class path read (WBMP excepted: its probe accepts almost any
 * bytes starting with two zeros).
 *
 * <ul>
 *   <li>The header dimensions are read before any pixel is decoded, and images outside the {@link ImageLimits}
 *       are refused at once, so a small file claiming a huge image cannot exhaust memory.</li>
 *   <li>The EXIF orientation of JPEGs (all eight values) is applied, so the returned image is upright.</li>
 *   <li>Grey, 16-bit, indexed and alpha images become 8-bit RGB; alpha is composited over white.</li>
 *   <li>Every failure is an {@link InvalidImageException} whose one-line message names the source (the path as
 *       given, or the source name) and the problem: missing file, directory, empty file, unknown format,
 *       truncated or corrupt data (including a truncated JPEG, which ImageIO would otherwise decode silently with
 *       a grey bottom), unsupported variant, too small, too large, out of memory.</li>
 * </ul>
 *
 * Stateless and thread-safe: every call uses its own ImageIO reader.
 */
public final class ImageDecoder {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int MAX_DETAIL = 160;

    private ImageDecoder() {}

    /** Reads an image file with the {@linkplain ImageLimits#DEFAULT default limits}. */
    public static RgbImage read(Path file) {
        return read(file, ImageLimits.DEFAULT);
    }

    /**
     * Reads an image file.
     *
     * @throws InvalidImageException naming {@code file} when it is missing, a directory, unreadable, empty, not an
     *                               image, truncated or corrupt, of an unsupported variant, or outside the limits
     */
    public static RgbImage read(Path file, ImageLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        String source = singleLine(file.toString());
        return decodeBytes(readFile(file, source), source, limits);
    }

    /** Decodes an encoded image held in memory with the {@linkplain ImageLimits#DEFAULT default limits}. */
    public static RgbImage decode(byte[] bytes, String sourceName) {
        return decode(bytes, sourceName, ImageLimits.DEFAULT);
    }

    /**
     * Decodes an encoded image held in memory (the bytes of a file, an upload, a database blob).
     *
     * @param sourceName names the input in error messages, e.g. a file name or request id; {@code null} gives
     *                   "image data"
     * @throws InvalidImageException naming {@code sourceName} when the bytes are empty, not an image, truncated or
     *                               corrupt, of an unsupported variant, or outside the limits
     */
    public static RgbImage decode(byte[] bytes, String sourceName, ImageLimits limits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        String source = sourceName == null ? "image data" : singleLine(sourceName);
        if (bytes.length == 0) throw new InvalidImageException(source, "empty input (0 bytes)");
        return decodeBytes(bytes, source, limits);
    }

    /**
     * Converts a {@link BufferedImage} of any type (grey, 16-bit grey or RGB, indexed, with or without alpha, ...)
     * to 8-bit RGB. Grey and RGB samples are taken as stored, scaled to 8 bits; alpha is composited over white.
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        return BufferedImageConversion.toRgb(img);
    }

    /** A new {@link BufferedImage#TYPE_3BYTE_BGR} copy of the image, for drawing on or writing (e.g. as PNG). */
    public static BufferedImage toBufferedImage(RgbImage img) {
        return BufferedImageConversion.toBufferedImage(img);
    }

    private static byte[] readFile(Path file, String source) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(source, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new InvalidImageException(source, "not readable (permission denied)", e);
        } catch (IOException | SecurityException e) {
            throw new InvalidImageException(source, "cannot read file (" + describe(e) + ")", e);
        }
        if (attrs.isDirectory()) throw new InvalidImageException(source, "is a directory, not an image file");
        if (!attrs.isRegularFile()) throw new InvalidImageException(source, "not a regular file");
        long size = attrs.size();
        if (size == 0) throw new InvalidImageException(source, "empty file (0 bytes)");
        if (size > MAX_ARRAY) throw new InvalidImageException(source, "file too large (" + size + " bytes)");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(source, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new InvalidImageException(source, "not readable (permission denied)", e);
        } catch (IOException | SecurityException e) {
            throw new InvalidImageException(source, "cannot read file (" + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException(source, "file too large to read into memory (" + size + " bytes)", e);
        }
        if (bytes.length == 0) throw new InvalidImageException(source, "empty file (0 bytes)");
        return bytes;
    }

    private static RgbImage decodeBytes(byte[] bytes, String source, ImageLimits limits) {
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            ImageReader reader = findReader(in);
            if (reader == null) throw new InvalidImageException(source, ImageStructure.unrecognised(bytes));
            try {
                return decodeWith(reader, in, bytes, source, limits);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {  // only from closing an in-memory stream
            throw new InvalidImageException(source, "cannot read image data (" + describe(e) + ")", e);
        }
    }

    private static ImageReader findReader(ImageInputStream in) {
        Iterator<ImageReader> readers;
        try {
            readers = ImageIO.getImageReaders(in);
        } catch (RuntimeException e) {
            return null;
        }
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            String format = formatName(r);
            if (!format.equals("WBMP")) return r;
            r.dispose();
        }
        return null;
    }

    private static String formatName(ImageReader r) {
        String name;
        try {
            name = r.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            name = r.getOriginatingProvider() == null ? "image"
                    : r.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        }
        return switch (name) {
            case "JPG" -> "JPEG";
            case "TIF" -> "TIFF";
            default -> name;
        };
    }

    private static RgbImage decodeWith(ImageReader reader, ImageInputStream in, byte[] bytes, String source,
                                       ImageLimits limits) {
        String format = formatName(reader);
        boolean jpeg = format.equals("JPEG");
        boolean png = format.equals("PNG");
        String corrupt = "truncated or corrupt " + format;

        int width, height;
        try {
            reader.setInput(in, true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw failure(source, format, "cannot read the header: ", e);
        }
        int orientation = jpeg ? ExifOrientation.ofJpeg(bytes) : ExifOrientation.UPRIGHT;
        boolean swap = ExifOrientation.swapsAxes(orientation);
        limits.check(source, swap ? height : width, swap ? width : height);

        if (jpeg && !ImageStructure.jpegHasEndOfImage(bytes)) {
            throw new InvalidImageException(source, corrupt + " (no end-of-image marker; the file is cut short)");
        }
        if (png) {
            String cut = ImageStructure.pngTruncation(bytes);
            if (cut != null) throw new InvalidImageException(source, corrupt + " (" + cut + ")");
        }

        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, message) -> warnings.add(message));
        BufferedImage img;
        try {
            img = reader.read(0, reader.getDefaultReadParam());
        } catch (IOException | RuntimeException e) {
            throw failure(source, format, "", e);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException(source, "not enough memory to decode a " + width + "x" + height + " "
                    + format + " image", e);
        }
        if (img == null) throw new InvalidImageException(source, corrupt + " (no image decoded)");
        if (jpeg) {
            for (String w : warnings) {
                if (isDamageWarning(w)) throw new InvalidImageException(source, corrupt + " (" + oneLine(w) + ")");
            }
        }

        RgbImage rgb;
        try {
            rgb = BufferedImageConversion.toRgb(img);
        } catch (RuntimeException e) {
            throw new InvalidImageException(source, "cannot convert the " + format + " image to RGB ("
                    + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException(source, "not enough memory to convert a " + width + "x" + height + " "
                    + format + " image", e);
        }
        try {
            rgb = ExifOrientation.apply(rgb, orientation);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException(source, "not enough memory to rotate a " + width + "x" + height
                    + " image", e);
        }
        limits.check(source, rgb.width(), rgb.height());  // in case a reader decoded another size than it claimed
        return rgb;
    }

    /** A reader's exception as an unsupported variant (e.g. a 12-bit or lossless JPEG) or as corrupt data. */
    private static InvalidImageException failure(String source, String format, String step, Throwable e) {
        String detail = describe(e);
        if (detail.toLowerCase(Locale.ROOT).contains("unsupported")) {
            return new InvalidImageException(source, "unsupported " + format + " variant (" + detail
                    + "); convert it to an 8-bit RGB JPEG or PNG", e);
        }
        return new InvalidImageException(source, "truncated or corrupt " + format + " (" + step + detail + ")", e);
    }

    /**
     * Whether a warning of the JPEG reader means lost pixels: a missing end marker or premature end of data, or
     * corrupt entropy-coded data. Warnings about extraneous bytes between markers or ignored ICC profiles are
     * harmless.
     */
    private static boolean isDamageWarning(String warning) {
        if (warning == null) return false;
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) return false;
        return w.contains("truncated") || w.contains("premature") || w.contains("missing eoi") || w.contains("corrupt");
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        String text = msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String cm = cause.getMessage();
            String c = cm == null || cm.isBlank() ? cause.getClass().getSimpleName() : cm;
            if (!text.contains(c)) text = text + ": " + c;
        }
        return oneLine(text);
    }

    private static String singleLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > MAX_DETAIL ? t.substring(0, MAX_DETAIL) + "..." : t;
    }
}
