package io.evex.exporters.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.auth.Logins;
import io.evex.api.media.FrameObjects;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class OnvifMetadataTest {

    private static Element parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    }

    @Test
    void boxesAreInOnvifCoordinatesAndClassesInBothVocabularies() throws Exception {
        FrameObjects f = new FrameObjects(
                "lobby",
                7,
                280_000,
                1_796_000_000_000L,
                List.of(new FrameObjects.Box("t-12", "car", 0.87, 0.25, 0.1, 0.5, 0.2)));
        Element root = parse(OnvifMetadata.frame(f));
        Element box = (Element) root.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "BoundingBox")
                .item(0);
        assertEquals(-0.5, Double.parseDouble(box.getAttribute("left")), 1e-9);
        assertEquals(0.5, Double.parseDouble(box.getAttribute("right")), 1e-9);
        assertEquals(0.8, Double.parseDouble(box.getAttribute("top")), 1e-9, "y points up");
        assertEquals(0.4, Double.parseDouble(box.getAttribute("bottom")), 1e-9);
        Element object = (Element) root.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "Object")
                .item(0);
        assertEquals("12", object.getAttribute("ObjectId"));
        String xml = new String(OnvifMetadata.frame(f), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                xml.contains("<tt:ClassCandidate><tt:Type>Vehical</tt:Type><tt:Likelihood>0.8700</tt:Likelihood>"),
                xml);
        assertTrue(xml.contains("<tt:Type Likelihood=\"0.8700\">Vehicle</tt:Type>"), xml);
        assertTrue(xml.contains("UtcTime=\"2026-11-30T"), xml);
        assertEquals(
                "-0.0001", OnvifMetadata.decimal(new StringBuilder(), -0.0001).toString());
        assertEquals(
                "1.0000", OnvifMetadata.decimal(new StringBuilder(), 0.99999).toString());
        assertEquals(
                "oddity <1>",
                OnvifMetadata.objectType("oddity <1>"),
                "unknown classes as they are (escaped when written)");
        assertTrue(new String(
                        OnvifMetadata.frame(new FrameObjects(
                                "c", 1, 0, 0, List.of(new FrameObjects.Box("x", "a<b", 1, 0, 0, 1, 1)))),
                        java.nio.charset.StandardCharsets.UTF_8)
                .contains(">a&lt;b</tt:Type>"));
    }

    @Test
    void aLongDocumentIsCutIntoPacketsAndOnlyTheLastIsMarked() throws Exception {
        List<FrameObjects.Box> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new FrameObjects.Box("t-" + i, "person", 0.5, 0.01 * i, 0.1, 0.05, 0.3));
        }
        byte[] doc = OnvifMetadata.frame(new FrameObjects("lobby", 1, 0, 0, many));
        assertTrue(doc.length > 3 * RtpPacketizer.MAX_PAYLOAD, "a document of several packets: " + doc.length);
        RtspStream stream = new RtspStream("lobby", "lobby", new Logins(Map.of()), true);
        RtpFrame frame = stream.metadataFrame(doc, 12345);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < frame.packets.length; i++) {
            ByteBuf p = frame.packets[i];
            assertEquals('$', p.getByte(0));
            assertEquals(p.readableBytes() - RtpFrame.PREFIX, p.getUnsignedShort(2));
            int second = p.getUnsignedByte(RtpFrame.PREFIX + 1);
            assertEquals(107, second & 0x7f, "ONVIF metadata's payload type");
            assertEquals(i == frame.packets.length - 1, (second & 0x80) != 0, "the marker ends the document");
            assertEquals(12345, p.getInt(RtpFrame.PREFIX + 4));
            assertEquals(stream.metadataSsrc(), p.getInt(RtpFrame.PREFIX + 8));
            byte[] payload = new byte[p.readableBytes() - RtpFrame.PREFIX - 12];
            p.getBytes(RtpFrame.PREFIX + 12, payload);
            joined.write(payload);
        }
        frame.release();
        assertEquals(
                20,
                parse(joined.toByteArray())
                        .getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "Object")
                        .getLength());
    }
}
