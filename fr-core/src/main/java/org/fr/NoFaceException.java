package org.fr;

/** No face was found where one was required (e.g. in an image given to verify). */
public class NoFaceException extends FrException {
    private final String source;

    public NoFaceException(String source) {
        super(source + ": no face found");
        this.source = source;
    }

    public String source() { return source; }
}
