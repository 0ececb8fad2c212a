package org.fr;

/** Base of the SDK's unchecked exceptions. Messages name the input and the problem. */
public class FrException extends RuntimeException {
    public FrException(String message) { super(message); }

    public FrException(String message, Throwable cause) { super(message, cause); }
}
