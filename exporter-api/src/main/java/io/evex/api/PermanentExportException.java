package io.evex.api;

/** A failure that will not pass for this event: it is counted as failed and not retried. */
public class PermanentExportException extends ExportException {

    private static final long serialVersionUID = 1L;

    public PermanentExportException(String message) {
        super(message, null);
    }

    public PermanentExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
