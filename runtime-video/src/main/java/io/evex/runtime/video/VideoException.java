package io.evex.runtime.video;

/** A source, decoder or encoder failed; the message says which and why, in FFmpeg's words. */
public class VideoException extends Exception {

    public VideoException(String message) {
        super(message);
    }
}
