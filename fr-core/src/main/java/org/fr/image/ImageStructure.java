package org.fr.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Cheap structural checks on encoded image bytes, made before and after decoding: ImageIO's JPEG reader decodes a
 * truncated file silently (grey fill, a warning at most), so truncation is detected here. Stateless and
 * thread-safe.
 */
public final class ImageStructure {
    private ImageStructure() {}

    /**
     * Whether a JPEG holds an end-of-image marker (0xFFD9) after the start of its first scan. The segments before
     * the scan are skipped by their lengths, so an EXIF thumbnail (a whole JPEG inside APP1) does not count; within
     * entropy-coded data 0xFF is always stuffed, so 0xFFD9 there can only be the real marker. Data after the marker
     * (camera trailers, appended preview images) is allowed.
     */
    public static boolean jpegHasEndOfImage(byte[] b) {
        int n = b.length;
        if (n < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) return false;
        int pos = 2;
        while (pos < n) {
            while (pos < n && (b[pos] & 0xFF) != 0xFF) pos++;  // stray bytes between segments
            while (pos < n && (b[pos] & 0xFF) == 0xFF) pos++;  // fill bytes
            if (pos >= n) return false;
            int marker = b[pos++] & 0xFF;
            if (marker == 0xD9) return true;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length field
            if (pos + 2 > n) return false;
            int len = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            if (len < 2) return false;
            if (marker == 0xDA) {
                for (int i = pos + len; i + 1 < n; i++) {
                    if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) return true;
                }
                return false;
            }
            pos += len;
        }
        return false;
    }

    /**
     * Walks the chunks of a PNG and says where its data ends too early: {@code null} when every chunk up to IEND
     * (or up to the end of the data) is complete, else a short description such as
     * {@code "data ends inside the IDAT chunk"}.
     */
    public static String pngTruncation(byte[] b) {
        int n = b.length;
        long pos = 8;  // signature
        if (n < pos) return "data ends inside the PNG signature";
        while (pos < n) {
            if (pos + 8 > n) return "data ends inside a chunk header";
            int p = (int) pos;
            long len = ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            String type = chunkType(b, p + 4);
            long end = pos + 12 + len;
            if (end > n) return "data ends inside the " + type + " chunk";
            if (type.equals("IEND")) return null;
            pos = end;
        }
        return null;
    }

    private static String chunkType(byte[] b, int at) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = at; i < at + 4; i++) {
            char c = (char) (b[i] & 0xFF);
            sb.append((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? c : '?');
        }
        return sb.toString();
    }

    /**
     * Why bytes that no ImageIO reader recognises are refused, in one line: a hint for well-known formats that Java
     * cannot decode (WebP, HEIF/AVIF, PDF), else the first bytes in hex and whether they look like text.
     */
    public static String unrecognised(byte[] b) {
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) {
            return "WebP images are not supported; convert it to JPEG or PNG";
        }
        if (startsWith(b, 4, "ftyp")) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT) : "";
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.startsWith("mif") || brand.startsWith("avi")
                    || brand.startsWith("msf")) {
                return "HEIF/HEIC/AVIF images are not supported; convert it to JPEG or PNG";
            }
        }
        if (startsWith(b, 0, "%PDF")) return "a PDF document, not an image";
        int k = Math.min(b.length, 8);
        StringBuilder hex = new StringBuilder();
        boolean text = k > 0;
        for (int i = 0; i < k; i++) {
            int v = b[i] & 0xFF;
            if (i > 0) hex.append(' ');
            hex.append(String.format(Locale.ROOT, "%02X", v));
            if (!(v >= 0x20 && v < 0x7F) && v != '\n' && v != '\r' && v != '\t') text = false;
        }
        return "not a recognised image (JPEG, PNG, BMP, GIF or TIFF expected); first bytes " + hex
                + (text ? ", which look like text" : "");
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (b.length < at + ascii.length()) return false;
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != (byte) ascii.charAt(i)) return false;
        }
        return true;
    }
}
