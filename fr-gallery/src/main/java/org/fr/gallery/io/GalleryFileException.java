package org.fr.gallery.io;

import java.nio.file.Path;
import java.util.Objects;

import org.fr.FrException;

/**
 * A gallery file could not be saved or loaded. The message is one line of the form {@code <file>: <problem>}, e.g.
 * {@code face_db.json: identities[3].embeddings[0]: expected 2048 bytes of base64 float32 (dimension 512), got 1000}.
 */
public class GalleryFileException extends FrException {
    private final transient Path file;
    private final String problem;

    public GalleryFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public GalleryFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + oneLine(problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = oneLine(problem);
    }

    /** The file that could not be saved or loaded. */
    public Path file() { return file; }

    /** What went wrong, without the file name. */
    public String problem() { return problem; }

    static String oneLine(String s) {
        if (s == null) return "unknown error";
        String t = s.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) t = t.substring(0, nl).strip();
        return t.replace('\r', ' ');
    }
}
