package io.evex.runtime.onvif;

import io.evex.api.onvif.OnvifNotifications;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reading requests with the JDK's own parser, hardened: no DOCTYPE at all (so no entity expansion
 * and no external entity can be asked for), secure processing on. Writing is plain text with
 * {@link #escape}: every answer has a fixed shape, which a template states more plainly than a tree.
 */
final class Xml {

    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {}

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
        }
        return f;
    }

    /** Parses a request body; a malformed one is a sender fault naming the parser's reason. */
    static Document parse(byte[] body) throws SoapFault {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(null); // the parser's default handler prints to stderr
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw SoapFault.sender("ter:WellFormed", "the request is not well-formed XML: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw SoapFault.sender("ter:WellFormed", "the request could not be read: " + e.getMessage());
        }
    }

    /** The element children of {@code parent}, in order. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child of {@code parent} called {@code localName} in any namespace, or null. */
    static Element child(Element parent, String localName) {
        for (Element e : children(parent)) {
            if (localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The trimmed text of {@link #child}, or null when there is no such child. */
    static String text(Element parent, String localName) {
        Element c = child(parent, localName);
        return c == null ? null : c.getTextContent().trim();
    }

    /** {@code text} safe inside an element or a double-quoted attribute. */
    static String escape(String text) {
        return OnvifNotifications.escape(text);
    }
}
