package dev.certpilot.dns.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reading and writing the XML of the services that answer in XML (Route 53, Namecheap) with the JDK's parser only.
 * Parsing refuses document type declarations, so no entity of a response is ever expanded or fetched. Elements are
 * found by local name, ignoring namespaces and case ({@code <host>} and {@code <Host>} alike).
 */
public final class Xml {

    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {
    }

    /**
     * The document's root element.
     *
     * @throws IllegalArgumentException when the bytes are not well-formed XML (or declare a document type)
     */
    public static Element parse(byte[] body) {
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setErrorHandler(new SilentErrors());
            return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** The child elements of {@code parent} named {@code name}, in document order. */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && name.equalsIgnoreCase(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element of {@code parent} named {@code name}. */
    public static Optional<Element> child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The element at the end of a path of child names below {@code parent}, e.g. {@code ("ChangeInfo", "Id")}. */
    public static Optional<Element> path(Element parent, String... names) {
        Optional<Element> at = Optional.of(parent);
        for (String name : names) {
            at = at.flatMap(e -> child(e, name));
        }
        return at;
    }

    /** The text of the element at {@link #path}, stripped; empty string when there is none. */
    public static String text(Element parent, String... names) {
        return path(parent, names).map(e -> e.getTextContent().strip()).orElse("");
    }

    /** Every element named {@code name} at any depth below {@code root}, in document order. */
    public static List<Element> descendants(Element root, String name) {
        List<Element> out = new ArrayList<>();
        collect(root, name, out);
        return out;
    }

    /** {@code s} with {@code & < > " '} escaped, for element text and attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void collect(Element at, String name, List<Element> out) {
        NodeList nodes = at.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e) {
                if (name.equalsIgnoreCase(localName(e))) {
                    out.add(e);
                }
                collect(e, name, out);
            }
        }
    }

    /** Reports errors by throwing, instead of printing "[Fatal Error]" to standard error. */
    private static final class SilentErrors implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not matter
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
        return f;
    }
}
