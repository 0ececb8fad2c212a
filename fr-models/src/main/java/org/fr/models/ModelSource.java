package org.fr.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.fr.ModelException;

/**
 * The bytes of one model file, with the model id, the SHA-256 of those bytes and where they were read from.
 * Obtained from {@link ModelRegistry#resolve} (checked against the manifest) or from {@link #fromFile} for a
 * model of the user's own.
 *
 * <p>Immutable and thread-safe: the bytes are read once when the source is created, and {@link #bytes()} returns
 * a fresh copy on every call.
 */
public final class ModelSource {
    private final String id;
    private final byte[] bytes;
    private final String sha256;
    private final String origin;

    private ModelSource(String id, byte[] bytes, String sha256, String origin) {
        this.id = id;
        this.bytes = bytes;
        this.sha256 = sha256;
        this.origin = origin;
    }

    /**
     * Reads a model file of the user's own, for which no hash is pinned; the SHA-256 of what was read is recorded
     * in {@link #sha256()}.
     *
     * @throws ModelException if the file is missing or cannot be read; the message names the path
     */
    public static ModelSource fromFile(String id, Path file) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        byte[] data = readFile(id, file);
        return new ModelSource(id, data, Sha256.hex(data), describe(file));
    }

    /**
     * Reads a model file and checks that its SHA-256 is {@code expectedSha256} (64 hex digits, either case).
     *
     * @throws ModelException if the file is missing or cannot be read (the message names the path), or if its
     *         SHA-256 differs (the message names the id, the path, the expected and the found hash)
     * @throws IllegalArgumentException if {@code expectedSha256} is not 64 hex digits
     */
    public static ModelSource fromFile(String id, Path file, String expectedSha256) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        String expected = Sha256.normalise(expectedSha256, "expected sha256 of model " + id);
        return verified(id, readFile(id, file), expected, describe(file));
    }

    /** Wraps bytes already read, after checking their SHA-256 against {@code expected} (lower-case hex). */
    static ModelSource verified(String id, byte[] data, String expected, String origin) {
        String found = Sha256.hex(data);
        if (!found.equals(expected)) {
            throw new ModelException("SHA-256 mismatch for model '" + id + "' read from " + origin
                    + ": expected " + expected + ", found " + found
                    + ". The file is damaged or is not the model that was pinned; replace it with the right file"
                    + " (for bundled models: rebuild fr-models, which fetches and verifies them again).");
        }
        return new ModelSource(id, data, found, origin);
    }

    static byte[] readFile(String id, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new ModelException("model file for '" + id + "' is a directory, not a file: " + abs);
        }
        try {
            return Files.readAllBytes(abs);
        } catch (NoSuchFileException e) {
            throw new ModelException("model file for '" + id + "' not found: " + abs, e);
        } catch (AccessDeniedException e) {
            throw new ModelException("model file for '" + id + "' is not readable (access denied): " + abs, e);
        } catch (IOException e) {
            throw new ModelException("cannot read model file for '" + id + "': " + abs + " (" + e + ")", e);
        }
    }

    static String describe(Path file) {
        return "file " + file.toAbsolutePath();
    }

    /** The model id this source was resolved or loaded for. */
    public String id() {
        return id;
    }

    /** A copy of the model file's bytes (callers may modify it freely). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The file's size in bytes. */
    public int size() {
        return bytes.length;
    }

    /** A new stream over the bytes, without copying them. */
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
    }

    /** The SHA-256 of {@link #bytes()}, 64 lower-case hex digits (computed from the bytes actually read). */
    public String sha256() {
        return sha256;
    }

    /**
     * Where the bytes came from, for people: {@code "classpath resource org/fr/models/..."} or
     * {@code "file /absolute/path"}.
     */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "ModelSource[" + id + ", " + bytes.length + " bytes, sha256 " + sha256 + ", " + origin + "]";
    }
}
