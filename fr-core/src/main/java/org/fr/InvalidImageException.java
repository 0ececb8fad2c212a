package org.fr;

/**
 * An image could not be used: empty, corrupt, truncated, of an unknown format, too small or too large. The
 * message names the source (file name or a description) and the problem.
 */
public class InvalidImageException extends FrException {
    private final String source;

    public InvalidImageException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public InvalidImageException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file name or description of the input that was rejected. */
    public String source() { return source; }
}
