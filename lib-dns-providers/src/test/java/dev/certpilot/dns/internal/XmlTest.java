package dev.certpilot.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class XmlTest {

    private static Element parse(String xml) {
        return Xml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsElementsByLocalNameIgnoringNamespaceAndCase() {
        Element root = parse("""
                <r:Response xmlns:r="urn:x"><r:Info><Id>/change/C1</Id></r:Info>
                  <List><host Name="a"/><Host Name="b"/></List></r:Response>""");
        assertThat(Xml.text(root, "Info", "Id")).isEqualTo("/change/C1");
        assertThat(Xml.text(root, "Info", "Missing")).isEmpty();
        assertThat(Xml.descendants(root, "host")).extracting(e -> e.getAttribute("Name")).containsExactly("a", "b");
        assertThat(Xml.children(Xml.child(root, "list").orElseThrow(), "HOST")).hasSize(2);
    }

    @Test
    void refusesDocumentTypesSoNoEntityIsExpanded() {
        assertThatThrownBy(() -> parse("""
                <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("not xml")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapesMarkup() {
        assertThat(Xml.escape("\"a\" <b> & 'c'")).isEqualTo("&quot;a&quot; &lt;b&gt; &amp; &apos;c&apos;");
    }
}
