package io.evex.api;

/** A delivery failed. Use one of the two subclasses to say whether trying again can help. */
public abstract class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    protected ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
