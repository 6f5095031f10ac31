package io.evex.runtime.negotiation;

/** An exporter and Evex share no version of some event type the exporter subscribed to. */
public class NegotiationException extends Exception {

    private static final long serialVersionUID = 1L;

    public NegotiationException(String message) {
        super(message);
    }
}
