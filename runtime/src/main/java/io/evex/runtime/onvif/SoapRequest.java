package io.evex.runtime.onvif;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SOAP 1.2 request: its header (WS-Security, WS-Addressing) and the operation, the body's
 * first element.
 */
record SoapRequest(Element header, Element operation) {

    /** Reads a request body; anything but a SOAP 1.2 envelope with an operation is a sender fault. */
    static SoapRequest read(byte[] body) throws SoapFault {
        Document d = Xml.parse(body);
        Element envelope = d.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName())) {
            throw SoapFault.sender("ter:InvalidArgs", "the request is not a SOAP envelope");
        }
        if (!Soap.ENVELOPE.equals(envelope.getNamespaceURI())) {
            throw SoapFault.sender(
                    "ter:VersionMismatch",
                    "ONVIF speaks SOAP 1.2 (" + Soap.ENVELOPE + "), not " + envelope.getNamespaceURI());
        }
        Element b = Xml.child(envelope, "Body");
        java.util.List<Element> ops = Xml.children(b);
        if (ops.isEmpty()) {
            throw SoapFault.sender("ter:InvalidArgs", "the SOAP body names no operation");
        }
        return new SoapRequest(Xml.child(envelope, "Header"), ops.get(0));
    }

    /** The operation's name ({@code GetProfiles}). */
    String name() {
        return operation.getLocalName();
    }

    /** The operation's namespace (which service's {@code GetServiceCapabilities}, say). */
    String namespace() {
        String ns = operation.getNamespaceURI();
        return ns == null ? "" : ns;
    }

    /** The trimmed text of the operation's child {@code localName}, or null. */
    String argument(String localName) {
        return Xml.text(operation, localName);
    }
}
