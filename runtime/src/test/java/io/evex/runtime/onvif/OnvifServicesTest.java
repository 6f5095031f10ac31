package io.evex.runtime.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.auth.Logins;
import io.evex.api.onvif.OnvifNotifications;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Every operation listed is answered with well-formed XML (or a fault of its own), and documented. */
class OnvifServicesTest {

    /** Two channels: one served over RTSP, one not yet opened. */
    private static final OnvifHost HOST = new OnvifHost() {
        @Override
        public List<VideoChannel> channels() {
            return List.of(
                    new VideoChannel("lobby", "h264", 640, 360, 25), new VideoChannel("yard & gate", "h264", 0, 0, 0));
        }

        @Override
        public Optional<URI> streamUri(String channel) {
            return channel.equals("lobby")
                    ? Optional.of(URI.create("rtsp://192.168.1.9:8554/lobby"))
                    : Optional.empty();
        }

        @Override
        public List<Logins> logins() {
            return List.of();
        }

        @Override
        public byte[] snapshot(String channel) {
            return null;
        }
    };

    private static Call call(String namespace, String operation, OnvifAuth.Caller caller) throws SoapFault {
        String xml = "<s:Envelope xmlns:s=\"" + Soap.ENVELOPE + "\"><s:Body><" + operation + " xmlns=\"" + namespace
                + "\"><ProfileToken>lobby</ProfileToken><IncludeCapability>true</IncludeCapability></" + operation
                + "></s:Body></s:Envelope>";
        return new Call(
                SoapRequest.read(xml.getBytes(StandardCharsets.UTF_8)), caller, "http://evex.local:8080", "evex.local");
    }

    interface Service {
        String answer(Call call) throws SoapFault;
    }

    private static void wellFormed(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(Soap.envelope("", body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyListedOperationIsAnsweredWithWellFormedXmlAndDocumented() throws Exception {
        MediaService media = new MediaService(HOST);
        EventService events = new EventService(OnvifSettings.OFF.on());
        DeviceService device = new DeviceService(OnvifSettings.OFF.on(), "EVX-1");
        String page = Files.readString(Path.of("../docs/onvif.md"));
        List<String> undocumented = new ArrayList<>();
        record Listed(String namespace, List<String> operations, Service service) {}
        for (Listed l : List.of(
                new Listed(Soap.DEVICE, DeviceService.OPERATIONS, device::answer),
                new Listed(Soap.MEDIA, MediaService.MEDIA1, media::answer1),
                new Listed(Soap.MEDIA2, MediaService.MEDIA2, media::answer2),
                new Listed(Soap.EVENTS, EventService.OPERATIONS, events::answer))) {
            for (String op : l.operations()) {
                String body = l.service().answer(call(l.namespace(), op, new OnvifAuth.Caller("vms", null)));
                assertTrue(body.contains(op + "Response"), op + ": " + body);
                wellFormed(body);
                if (!page.contains("`" + op + "`")) {
                    undocumented.add(op);
                }
            }
        }
        for (String op : EventService.SUBSCRIPTION_OPERATIONS) {
            if (!page.contains("`" + op + "`")) {
                undocumented.add(op);
            }
        }
        for (String topic :
                List.of(OnvifNotifications.OBJECTS_INSIDE, OnvifNotifications.CROSSED, OnvifNotifications.MOTION)) {
            if (!page.contains(topic)) {
                undocumented.add(topic);
            }
        }
        assertEquals(List.of(), undocumented, "docs/onvif.md names these");
        events.close();
    }

    @Test
    void profilesShowTheChannelsACallerSeesAndStreamsAtTheHostItUsed() throws Exception {
        MediaService media = new MediaService(HOST);
        String all = media.answer2(call(Soap.MEDIA2, "GetProfiles", new OnvifAuth.Caller("vms", null)));
        assertTrue(all.contains("token=\"yard &amp; gate\""), "names are escaped: " + all);
        String one = media.answer2(call(Soap.MEDIA2, "GetProfiles", new OnvifAuth.Caller("token", Set.of("lobby"))));
        assertTrue(one.contains("token=\"lobby\"") && !one.contains("yard"), one);
        String uri = media.answer1(call(Soap.MEDIA, "GetStreamUri", new OnvifAuth.Caller("vms", null)));
        assertTrue(uri.contains("<tt:Uri>rtsp://evex.local:8554/lobby</tt:Uri>"), uri);
        SoapFault hidden = org.junit.jupiter.api.Assertions.assertThrows(
                SoapFault.class,
                () -> media.answer1(
                        call(Soap.MEDIA, "GetStreamUri", new OnvifAuth.Caller("token", Set.of("yard & gate")))));
        assertTrue(hidden.getMessage().contains("no profile 'lobby'"), hidden.getMessage());
        SoapFault unsupported = org.junit.jupiter.api.Assertions.assertThrows(
                SoapFault.class,
                () -> media.answer1(
                        call(Soap.MEDIA, "SetVideoEncoderConfiguration", new OnvifAuth.Caller("vms", null))));
        assertTrue(unsupported.xml().contains("ter:ActionNotSupported"), unsupported.xml());
    }
}
