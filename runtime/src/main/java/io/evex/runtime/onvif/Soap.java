package io.evex.runtime.onvif;

/** The namespaces of ONVIF's services, and SOAP 1.2 envelopes that declare them all once. */
final class Soap {

    static final String ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
    static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
    static final String MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
    static final String EVENTS = "http://www.onvif.org/ver10/events/wsdl";
    static final String SCHEMA = "http://www.onvif.org/ver10/schema";
    static final String NOTIFICATION = "http://docs.oasis-open.org/wsn/b-2";
    static final String ADDRESSING = "http://www.w3.org/2005/08/addressing";
    static final String TOPICS = "http://www.onvif.org/ver10/topics";
    static final String SECURITY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private static final String DECLARATIONS = " xmlns:env=\"" + ENVELOPE + "\" xmlns:tt=\"" + SCHEMA
            + "\" xmlns:tds=\"" + DEVICE + "\" xmlns:trt=\"" + MEDIA + "\" xmlns:tr2=\"" + MEDIA2
            + "\" xmlns:tev=\"" + EVENTS + "\" xmlns:wsnt=\"" + NOTIFICATION + "\" xmlns:wsa=\"" + ADDRESSING
            + "\" xmlns:tns1=\"" + TOPICS + "\" xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\""
            + " xmlns:ter=\"http://www.onvif.org/ver10/error\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"";

    private Soap() {}

    /** An envelope around {@code body}; {@code header} may be empty. */
    static String envelope(String header, String body) {
        StringBuilder b = new StringBuilder(256 + header.length() + body.length());
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope")
                .append(DECLARATIONS)
                .append('>');
        if (!header.isEmpty()) {
            b.append("<env:Header>").append(header).append("</env:Header>");
        }
        return b.append("<env:Body>")
                .append(body)
                .append("</env:Body></env:Envelope>")
                .toString();
    }
}
