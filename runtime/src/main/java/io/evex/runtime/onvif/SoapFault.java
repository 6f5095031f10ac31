package io.evex.runtime.onvif;

/**
 * A SOAP 1.2 fault with ONVIF's subcode ({@code ter:...}): the answer to a request that cannot be
 * served, with the HTTP status ONVIF's core specification gives it.
 */
final class SoapFault extends Exception {

    private final String code;
    private final String subcode;
    private final int status;

    private SoapFault(String code, String subcode, String reason, int status) {
        super(reason, null, false, false);
        this.code = code;
        this.subcode = subcode;
        this.status = status;
    }

    /** The client's mistake (400). */
    static SoapFault sender(String subcode, String reason) {
        return new SoapFault("env:Sender", subcode, reason, 400);
    }

    /** The client may not (WS-Security refused: 400, as the core specification says). */
    static SoapFault notAuthorized(String reason) {
        return new SoapFault("env:Sender", "ter:NotAuthorized", reason, 400);
    }

    /** An operation this device does not have. */
    static SoapFault notSupported(String operation) {
        return new SoapFault("env:Receiver", "ter:ActionNotSupported", "Evex does not implement " + operation, 400);
    }

    /** The device cannot now (500). */
    static SoapFault receiver(String subcode, String reason) {
        return new SoapFault("env:Receiver", subcode, reason, 500);
    }

    int status() {
        return status;
    }

    /** The fault as the body of an envelope. */
    String xml() {
        return "<env:Fault><env:Code><env:Value>" + code + "</env:Value><env:Subcode><env:Value>" + subcode
                + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">"
                + Xml.escape(getMessage()) + "</env:Text></env:Reason></env:Fault>";
    }
}
