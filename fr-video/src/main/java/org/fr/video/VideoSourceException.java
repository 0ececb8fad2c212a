package org.fr.video;

import org.fr.FrException;

/**
 * A video source could not be opened or failed part way. {@link #badInput()} tells a defect of the input itself
 * (a missing, truncated or corrupt file: the caller's input is wrong) from a source that went away or a decoder
 * failure (a camera unplugged, a network stream dropped). The message names the source and the problem, on one line.
 */
public class VideoSourceException extends FrException {
    private final boolean badInput;

    public VideoSourceException(String source, String problem, boolean badInput) {
        super(source + ": " + problem);
        this.badInput = badInput;
    }

    public VideoSourceException(String source, String problem, boolean badInput, Throwable cause) {
        super(source + ": " + problem, cause);
        this.badInput = badInput;
    }

    /** True when the input itself is defective (truncated, corrupt, missing), false when the source failed. */
    public boolean badInput() { return badInput; }
}
