package org.fr;

/**
 * A model could not be used: missing, of the wrong checksum, or with inputs and outputs other than those
 * expected. The message names the model and what was expected.
 */
public class ModelException extends FrException {
    public ModelException(String message) { super(message); }

    public ModelException(String message, Throwable cause) { super(message, cause); }
}
