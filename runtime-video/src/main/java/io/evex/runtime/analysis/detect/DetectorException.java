package io.evex.runtime.analysis.detect;

/** A detector that cannot load its model or run it; the message names the file or the reason. */
public final class DetectorException extends Exception {

    public DetectorException(String message) {
        super(message);
    }
}
