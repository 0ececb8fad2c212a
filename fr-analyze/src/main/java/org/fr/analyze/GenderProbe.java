package org.fr.analyze;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.fr.Embedding;
import org.fr.ModelException;

/**
 * A linear gender probe on face embeddings: {@code P(male) = sigmoid(w . e + b)} for an L2-normalised embedding
 * {@code e} of the model the probe was trained on. Identity embeddings carry much of a face's gender, so a probe
 * gives gender (or, trained the same way, another attribute) for any embedder without another network. The
 * bundled one ({@link GenderProbeTrainer}: the penalty follows the embeddings' covariance, because gender lies
 * largely in their low-variance directions) scores 1.000 (120/120) on this project's 120 hand-labelled grayscale LFW
 * faces, against the SSR-Net network's 0.825 (99/120); see docs/gender.md.
 *
 * <p>File format (UTF-8 text): lines starting with {@code #} are comments, then {@code model<TAB>ID},
 * {@code dimension<TAB>D}, {@code bias<TAB>B} and D lines with one weight each.
 *
 * <p>Immutable and thread-safe.
 */
public final class GenderProbe {
    /** The probe bundled for {@code faceplugin/fr_feature} (the {@code arcface} embedder). */
    public static final String BUNDLED_RESOURCE = "/org/fr/analyze/gender-probe-arcface.tsv";

    private final String modelId;
    private final float[] weights;
    private final float bias;

    public GenderProbe(String modelId, float[] weights, float bias) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        if (weights.length == 0) throw new IllegalArgumentException("a gender probe needs at least one weight");
        for (float w : weights) if (!Float.isFinite(w)) throw new IllegalArgumentException("non-finite probe weight");
        if (!Float.isFinite(bias)) throw new IllegalArgumentException("non-finite probe bias");
        this.weights = weights.clone();
        this.bias = bias;
    }

    /** The embedding model whose vectors this probe reads. */
    public String modelId() { return modelId; }

    public int dimension() { return weights.length; }

    public float bias() { return bias; }

    public float[] weights() { return weights.clone(); }

    /**
     * The probability, in [0, 1], that the face is male.
     *
     * @throws IllegalArgumentException if the embedding comes from another model or has another dimension
     */
    public double maleProbability(Embedding e) {
        if (!e.modelId().equals(modelId) || e.dimension() != weights.length) {
            throw new IllegalArgumentException("the gender probe reads " + modelId + " embeddings of dimension "
                    + weights.length + ", got " + e.modelId() + " of dimension " + e.dimension());
        }
        double z = bias;
        for (int i = 0; i < weights.length; i++) z += (double) weights[i] * e.get(i);
        return 1 / (1 + Math.exp(-z));
    }

    /** The probe bundled with this module for the {@code arcface} embedder. */
    public static GenderProbe bundled() {
        try (InputStream in = GenderProbe.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) throw new ModelException("gender probe resource missing from the classpath: " + BUNDLED_RESOURCE);
            return read(in, BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a probe file; a malformed one gives a {@link ModelException} naming the file and the problem. */
    public static GenderProbe read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read gender probe " + file + ": " + e.getMessage(), e);
        }
    }

    static GenderProbe read(InputStream in, String name) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String model = null;
        Integer dim = null;
        Float bias = null;
        List<Float> w = new ArrayList<>();
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                if (line.startsWith("model\t")) model = line.substring(6);
                else if (line.startsWith("dimension\t")) dim = Integer.parseInt(line.substring(10));
                else if (line.startsWith("bias\t")) bias = Float.parseFloat(line.substring(5));
                else w.add(Float.parseFloat(line));
            } catch (NumberFormatException e) {
                throw new ModelException("gender probe " + name + ", line " + no + ": not a number: " + line);
            }
        }
        if (model == null || dim == null || bias == null) {
            throw new ModelException("gender probe " + name + " lacks its model, dimension or bias line");
        }
        if (w.size() != dim) {
            throw new ModelException("gender probe " + name + " declares dimension " + dim + " but holds " + w.size()
                    + " weights (truncated file?)");
        }
        float[] weights = new float[dim];
        for (int i = 0; i < dim; i++) weights[i] = w.get(i);
        try {
            return new GenderProbe(model, weights, bias);
        } catch (IllegalArgumentException e) {
            throw new ModelException("gender probe " + name + ": " + e.getMessage());
        }
    }

    /** Writes the probe atomically (a temporary file renamed over {@code file}), with {@code comment} on top. */
    public void write(Path file, String comment) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String c : comment.split("\n")) sb.append("# ").append(c).append('\n');
        sb.append("model\t").append(modelId).append('\n');
        sb.append("dimension\t").append(weights.length).append('\n');
        sb.append("bias\t").append(String.format(Locale.ROOT, "%.8g", bias)).append('\n');
        for (float v : weights) sb.append(String.format(Locale.ROOT, "%.8g", v)).append('\n');
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
