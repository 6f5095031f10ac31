package io.evex.api;

/** A failure that may pass (connection lost, disk briefly full): the runtime retries with back-off. */
public class RetriableExportException extends ExportException {

    private static final long serialVersionUID = 1L;

    public RetriableExportException(String message) {
        super(message, null);
    }

    public RetriableExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
