package org.fr.tflite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fr.ModelException;
import org.fr.models.ModelSource;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.TensorSpec;

/**
 * Runs TensorFlow Lite models on onnxruntime: converts a {@code .tflite} flatbuffer to an ONNX model in memory
 * and loads it as an {@link OnnxModel}. The converted model keeps the TFLite graph's input and output names,
 * element types and NHWC layout, so callers feed the same tensors they would feed TFLite; with
 * {@link ImportOptions} some input dimensions become symbolic.
 *
 * <p>Conversions are cached on disk, keyed by the SHA-256 of the TFLite file, the options and the converter
 * version, so the second load of a model skips the conversion. The cache directory is, in order: the one given to
 * {@link #withCache(Path)}; the system property {@value #CACHE_PROPERTY}; the environment variable
 * {@value #CACHE_ENV}; {@code $XDG_CACHE_HOME/fr/tflite}; {@code ~/.cache/fr/tflite}. Files are written atomically
 * (temporary file, then rename); a cache that cannot be written only costs the conversion time.
 *
 * <p>Supported builtin operators: {@link #supportedOperators()}. Anything else, and quantized integer tensors,
 * fail with a {@link ModelException} naming the operator (or tensor) and the model.
 *
 * <p>Immutable and thread-safe; concurrent loads of one model may both convert, and the last rename wins.
 */
public final class TfliteImporter {
    public static final String CACHE_PROPERTY = "fr.tflite.cache";
    public static final String CACHE_ENV = "FR_TFLITE_CACHE";

    private final Path cacheDir; // null: no cache

    private TfliteImporter(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** An importer caching in the default directory (see the class comment). */
    public static TfliteImporter withDefaultCache() {
        return new TfliteImporter(defaultCacheDir());
    }

    /** An importer caching in {@code dir} (created when first needed). */
    public static TfliteImporter withCache(Path dir) {
        return new TfliteImporter(Objects.requireNonNull(dir, "dir").toAbsolutePath());
    }

    /** An importer that converts on every load. */
    public static TfliteImporter withoutCache() {
        return new TfliteImporter(null);
    }

    public Optional<Path> cacheDirectory() {
        return Optional.ofNullable(cacheDir);
    }

    /** The TFLite builtin operators the importer converts, by schema name. */
    public static Set<String> supportedOperators() {
        return TfliteConverter.SUPPORTED;
    }

    /**
     * Converts TFLite bytes to ONNX bytes (no cache involved).
     *
     * @throws ModelException if the bytes are no TFLite model, or it uses an unsupported operator or tensor type
     */
    public static byte[] toOnnx(String modelId, byte[] tflite, ImportOptions options) {
        Objects.requireNonNull(modelId, "modelId");
        return TfliteConverter.convert(TfliteModel.parse(modelId, tflite), Objects.requireNonNull(options, "options"));
    }

    /** The ONNX bytes of a TFLite model, from the cache when converted before. */
    public byte[] onnxBytes(ModelSource source, ImportOptions options) {
        return cached(source, options).orElseGet(() -> convertAndStore(source, options));
    }

    private Optional<byte[]> cached(ModelSource source, ImportOptions options) {
        if (cacheDir == null) return Optional.empty();
        Path file = cacheFile(source.sha256(), options);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty(); // unreadable cache entry: convert again
        }
    }

    private byte[] convertAndStore(ModelSource source, ImportOptions options) {
        byte[] onnx = toOnnx(source.id(), source.bytes(), options);
        if (cacheDir != null) store(cacheFile(source.sha256(), options), onnx);
        return onnx;
    }

    /** Where the conversion of a file with this SHA-256 and these options is cached. */
    Path cacheFile(String sha256, ImportOptions options) {
        String key = sha256((TfliteConverter.VERSION + "\n" + options.key()).getBytes(StandardCharsets.UTF_8));
        return cacheDir.resolve(sha256 + "-" + key.substring(0, 16) + ".onnx");
    }

    private static void store(Path file, byte[] onnx) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, onnx);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | SecurityException e) {
            // the cache is an optimisation: without it every load converts again
        }
    }

    /**
     * Converts (or takes from the cache) and loads a TFLite model, checking its signature like
     * {@link OnnxModel#load}. Specs use the TFLite tensor names and NHWC shapes; {@code -1} matches a symbolic
     * dimension.
     */
    public OnnxModel load(ModelSource source, ImportOptions options, SessionConfig config, List<TensorSpec> inputs,
                          List<TensorSpec> outputs) {
        Optional<byte[]> cached = cached(source, options);
        if (cached.isPresent()) {
            try {
                return OnnxModel.load(source.id(), cached.get(), config, inputs, outputs);
            } catch (ModelException e) {
                // a damaged cache entry (or one of an incompatible build): convert afresh; a real mismatch fails below
            }
        }
        return OnnxModel.load(source.id(), convertAndStore(source, options), config, inputs, outputs);
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static Path defaultCacheDir() {
        String prop = System.getProperty(CACHE_PROPERTY);
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "fr", "tflite").toAbsolutePath();
        return Path.of(System.getProperty("user.home"), ".cache", "fr", "tflite");
    }
}
