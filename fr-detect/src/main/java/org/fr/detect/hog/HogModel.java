package org.fr.detect.hog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;

import org.fr.FrException;

/**
 * A linear HOG face filter: {@code cellsX x cellsY} cells of {@link HogFeatures#DIMS} weights (ordered row, column,
 * feature, as {@link HogFeatures#window}) and a bias; a window scores {@code w . x + bias}. The detected box is the
 * window itself. {@code landmarkBox} places the crop given to the 68-point landmark network relative to a detected
 * box ({@code x1 + a0 w, y1 + a1 h, size a2 w x a3 h}): the trainer measures it as the mean relation between the
 * training boxes and the boxes of the CNN detector the landmark network was made for.
 *
 * <p>File format (big-endian): {@code "FRHOG"}, version 1, cellsX, cellsY, dims (ints), bias, the weights,
 * the four landmark-box values (floats), then the CRC-32 of everything before it (int). Immutable; thread-safe.
 */
public record HogModel(int cellsX, int cellsY, float[] weights, float bias, float[] landmarkBox) {
    private static final byte[] MAGIC = {'F', 'R', 'H', 'O', 'G'};
    private static final int VERSION = 1;

    public HogModel {
        if (cellsX < 1 || cellsY < 1) throw new IllegalArgumentException("filter size must be positive: " + cellsX + "x" + cellsY);
        if (weights.length != cellsX * cellsY * HogFeatures.DIMS) {
            throw new IllegalArgumentException("expected " + cellsX * cellsY * HogFeatures.DIMS + " weights, got " + weights.length);
        }
        if (landmarkBox.length != 4) throw new IllegalArgumentException("landmark box needs 4 values, got " + landmarkBox.length);
    }

    /** The window's side in pixels at the pyramid level it is found on. */
    public int windowWidth() { return cellsX * HogFeatures.CELL; }

    public int windowHeight() { return cellsY * HogFeatures.CELL; }

    /** {@code w . x + bias} for one window's features. */
    public float score(float[] window) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) s += weights[i] * window[i];
        return (float) s;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(cellsX);
            out.writeInt(cellsY);
            out.writeInt(HogFeatures.DIMS);
            out.writeFloat(bias);
            for (float w : weights) out.writeFloat(w);
            for (float v : landmarkBox) out.writeFloat(v);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        int c = (int) crc.getValue();
        bytes.write(c >>> 24);
        bytes.write(c >>> 16);
        bytes.write(c >>> 8);
        bytes.write(c);
        return bytes.toByteArray();
    }

    /** Writes the model atomically (a temporary file beside it, then a move). */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @throws FrException naming {@code source} when the bytes are not a complete, intact model */
    public static HogModel read(byte[] bytes, String source) {
        if (bytes.length < 4) throw new FrException(source + ": not a HOG model: truncated (" + bytes.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new FrException(source + ": not a HOG model (bad magic)");
            int version = in.readInt();
            if (version != VERSION) throw new FrException(source + ": unsupported HOG model version " + version);
            int cx = in.readInt(), cy = in.readInt(), dims = in.readInt();
            if (dims != HogFeatures.DIMS) throw new FrException(source + ": HOG model has " + dims + " features per cell, expected " + HogFeatures.DIMS);
            if (cx < 1 || cy < 1 || cx > 64 || cy > 64) throw new FrException(source + ": implausible HOG filter size " + cx + "x" + cy);
            float bias = in.readFloat();
            float[] w = new float[cx * cy * dims];
            for (int i = 0; i < w.length; i++) w[i] = in.readFloat();
            float[] lm = new float[4];
            for (int i = 0; i < 4; i++) lm[i] = in.readFloat();
            int stored = in.readInt();
            if (stored != (int) crc.getValue()) throw new FrException(source + ": HOG model checksum mismatch (corrupt file)");
            if (in.read() != -1) throw new FrException(source + ": HOG model has trailing bytes");
            return new HogModel(cx, cy, w, bias, lm);
        } catch (EOFException e) {
            throw new FrException(source + ": HOG model truncated (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new FrException(source + ": cannot read HOG model: " + e.getMessage(), e);
        }
    }

    public static HogModel read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new FrException(file + ": cannot read HOG model: " + e.getMessage(), e);
        }
    }

    /** The model shipped in this jar ({@value #BUNDLED}), for the levels at or below the image's size. */
    public static HogModel bundled() { return resource(BUNDLED); }

    /**
     * The filter of the levels scaled up from the image (min-face below 80 px), trained with mining at the 40 px
     * setting only, shipped in this jar ({@value #BUNDLED_UPSAMPLED}); {@link #bundled} scans the other levels.
     */
    public static HogModel bundledUpsampled() { return resource(BUNDLED_UPSAMPLED); }

    /**
     * The bundled filters of the levels at or below the image's size: {@link #bundled}, then those of faces turned
     * to the right and to the left ({@value #BUNDLED_TURNED_RIGHT}, {@value #BUNDLED_TURNED_LEFT}).
     */
    public static List<HogModel> bundledPoses() {
        return List.of(bundled(), resource(BUNDLED_TURNED_RIGHT), resource(BUNDLED_TURNED_LEFT));
    }

    /** The bundled filters of the upscaled levels: {@link #bundledUpsampled}, then those of turned faces. */
    public static List<HogModel> bundledUpsampledPoses() {
        return List.of(bundledUpsampled(), resource(BUNDLED_UPSAMPLED_TURNED_RIGHT), resource(BUNDLED_UPSAMPLED_TURNED_LEFT));
    }

    private static HogModel resource(String name) {
        try (InputStream in = HogModel.class.getResourceAsStream("/org/fr/detect/hog/" + name)) {
            if (in == null) throw new FrException("bundled HOG model missing: " + name);
            return read(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new FrException("cannot read the bundled HOG model " + name + ": " + e.getMessage(), e);
        }
    }

    public static final String BUNDLED = "frontal.hog", BUNDLED_UPSAMPLED = "frontal-upsampled.hog";
    /**
     * Filters of faces turned sideways (the nose tip to the right / left of the eyes' midpoint in the image), trained
     * by {@code fr train-hog --yaw 0.15} and {@code --yaw -0.15}.
     */
    public static final String BUNDLED_TURNED_RIGHT = "turned-right.hog", BUNDLED_TURNED_LEFT = "turned-left.hog",
            BUNDLED_UPSAMPLED_TURNED_RIGHT = "turned-right-upsampled.hog", BUNDLED_UPSAMPLED_TURNED_LEFT = "turned-left-upsampled.hog";
}
