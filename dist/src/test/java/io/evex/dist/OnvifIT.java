package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.TestVideos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evex as VMSs and home automation see it, in one run of the embedded default: an ONVIF device
 * driven by a client its authors did not write (the npm "onvif" package, which .ci/run installs
 * into ~/.cache/evex/onvif-client): the sample channel's profile, its RTSP URL played by ffprobe,
 * wrong passwords refused, rule events through a pull point, the metadata track read by FFmpeg; and
 * Home Assistant's MQTT discovery read with mosquitto_sub.
 */
class OnvifIT {

    private static final String ADMIN = "onvif-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    /** The embedded default's rules (docs/getting-started.md draws them the same). */
    private static final String SAMPLE_RULES =
            "{\"zones\": [{\"name\": \"right\", \"polygon\": [[0.6, 0.3], [0.98, 0.3],"
                    + " [0.98, 0.95], [0.6, 0.95]]}], \"lines\": [{\"name\": \"middle\", \"points\": [[0.5, 0.9], [0.5, 0.2]]}]}";

    private static Process evex;
    private static URI base;
    private static io.evex.runtime.testing.Mosquitto broker;
    /** Home Assistant's states, as a subscriber sees them from the start. */
    private static Process states;

    @BeforeAll
    static void start() throws Exception {
        OnvifClient.assumeInstalled();
        broker = new io.evex.runtime.testing.Mosquitto(dir.resolve("broker"), List.of()).start();
        evex = EvexProcess.start(
                dir,
                Map.of("EVEX_ADMIN_TOKEN", ADMIN),
                "run",
                "--onvif",
                "--http-port",
                "0",
                "--export",
                "rtsp:bind=127.0.0.1,port=0,users=vms:s3cret",
                "--export",
                "mqtt:servers=127.0.0.1:" + broker.port() + ",home_assistant=true,node_id=site1,snapshot_every=1s");
        base = EvexProcess.httpBase(dir, evex);
        states = MosquittoSub.listen(broker.port(), "evex/site1/#", 300, dir.resolve("states.txt"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (evex != null) {
            evex.destroy();
            assertTrue(evex.waitFor(20, TimeUnit.SECONDS));
            assertEquals(143, evex.exitValue(), "stopped by SIGTERM (its shutdown hook ran), not killed");
            // A polite stop says offline to Home Assistant, where the Last Will would have after a crash.
            assertEquals(
                    "offline",
                    MosquittoSub.text(MosquittoSub.read(broker.port(), "evex/site1/status", 2)
                            .get("evex/site1/status")));
        }
        if (states != null) {
            states.destroy();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aVmsListsTheChannelsProfileAndPlaysItsStreamWithTheRtspUsersPassword() throws Exception {
        // The URL printed at start is the one ONVIF hands out.
        Matcher printed = Pattern.compile("evex:   lobby: (rtsp://127\\.0\\.0\\.1:\\d+/lobby)")
                .matcher(Files.readString(dir.resolve("evex.out")));
        assertTrue(printed.find(), Files.readString(dir.resolve("evex.out")));
        for (String auth : List.of("wsse", "digest")) {
            JsonNode profile = Waits.value("the lobby profile to have its picture size", Duration.ofSeconds(60), () -> {
                JsonNode p =
                        OnvifClient.run(base, "vms", "s3cret", "profiles", auth).get(1);
                return p.path("width").asInt() > 0 ? p : null;
            });
            assertEquals("lobby", profile.path("profile").asText(), profile.toString());
            assertEquals("H264", profile.path("encoding").asText());
            assertEquals(640, profile.path("width").asInt());
            assertEquals(360, profile.path("height").asInt());
            assertTrue(profile.path("metadata").asBoolean(), "Profile M: a metadata configuration");
            assertTrue(profile.path("media2").asBoolean(), "the client used Media2");
            // The RTSP server's URL, at the host the client reached Evex at.
            assertEquals(
                    printed.group(1).replace("127.0.0.1", base.getHost()),
                    profile.path("uri").asText());
        }
        String uri = printed.group(1).replace("rtsp://", "rtsp://vms:s3cret@");
        String probe = Waits.value("ffprobe to read the stream ONVIF names", Duration.ofSeconds(30), () -> {
            try {
                return TestVideos.run(List.of(
                                "ffprobe",
                                "-v",
                                "error",
                                "-rtsp_transport",
                                "tcp",
                                "-select_streams",
                                "v",
                                "-show_entries",
                                "stream=codec_name,width,height",
                                "-of",
                                "csv=p=0",
                                uri))
                        .trim();
            } catch (AssertionError notYet) {
                return null;
            }
        });
        assertEquals("h264,640,360", probe);
    }

    @Test
    void aWrongPasswordIsRefusedInBothWaysOfLoggingIn() throws Exception {
        for (String auth : List.of("wsse", "digest")) {
            OnvifClient.Result r = OnvifClient.exec(base, "vms", "wrong", "profiles", auth);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("error"), r.toString());
        }
        // Without a login: only the clock.
        HttpResponse<String> clock = soap("<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>");
        assertEquals(200, clock.statusCode(), clock.body());
        assertTrue(clock.body().contains("UTCDateTime"), clock.body());
        HttpResponse<String> profiles = soap("<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>");
        assertEquals(401, profiles.statusCode(), profiles.body());
        assertTrue(profiles.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Digest ")));
        assertTrue(profiles.body().contains("ter:NotAuthorized"), profiles.body());
        assertFalse(profiles.body().contains("lobby"));
    }

    @Test
    void hostileRequestsGetAFaultAndNothingElse() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\">&e;</GetSystemDateAndTime>"
                + "</s:Body></s:Envelope>";
        HttpResponse<String> r = post(xxe);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("ter:WellFormed"), r.body());
        assertFalse(r.body().contains("root:"), "no file is read");
        HttpResponse<String> soap11 = post(
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<s:Body><GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>");
        assertEquals(400, soap11.statusCode());
        assertTrue(soap11.body().contains("ter:VersionMismatch"), soap11.body());
        HttpResponse<String> junk = post("not xml at all");
        assertEquals(400, junk.statusCode());
        assertTrue(junk.body().contains("env:Fault"), junk.body());
        // An API token is a password too, where the password itself is sent: the snapshot with Basic.
        HttpResponse<byte[]> snapshot = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/onvif/snapshot/lobby"))
                        .header(
                                "Authorization",
                                "Basic " + java.util.Base64.getEncoder().encodeToString(("any:" + ADMIN).getBytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, snapshot.statusCode());
        assertEquals("image/jpeg", snapshot.headers().firstValue("Content-Type").orElse(""));
        assertEquals((byte) 0xFF, snapshot.body()[0]);
    }

    @Test
    void aPullPointReceivesTheLineCrossingWithinASecondOfTheEvent() throws Exception {
        // The sample's walker crosses line "middle" once a loop (8 s).
        List<JsonNode> lines = OnvifClient.run(base, "vms", "s3cret", "events", "20");
        JsonNode topics = lines.get(0).path("topics");
        assertTrue(
                topics.toString().contains("ruleEngine") && topics.toString().contains("videoSource"),
                topics.toString());
        List<JsonNode> crossed = new ArrayList<>();
        for (JsonNode l : lines) {
            if (l.path("topic").asText().equals("tns1:RuleEngine/LineDetector/Crossed")) {
                crossed.add(l);
            }
        }
        assertFalse(crossed.isEmpty(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.path("topic").asText().endsWith("FieldDetector/ObjectsInside")));
        JsonNode events = JSON.readTree(EvexProcess.call(
                                HTTP, base, ADMIN, "GET", "/api/v1/events?type=event-line-crossing&limit=100", null)
                        .body())
                .path("events");
        for (JsonNode c : crossed) {
            assertEquals("middle", c.at("/source/Rule").asText());
            String id = c.at("/data/ObjectId").asText();
            JsonNode event = null;
            for (JsonNode e : events) {
                if (e.path("tracking_id").asText().equals("t-" + id)) {
                    event = e;
                }
            }
            assertTrue(event != null, "an event-line-crossing of track t-" + id + " in " + events);
            long late =
                    c.path("received").asLong() - event.path("system_timestamp").asLong();
            assertTrue(late >= 0 && late < 1000, "received " + late + " ms after the event");
        }
    }

    @Test
    void theDescribeOffersAnOnvifMetadataTrack() throws Exception {
        String sdp = RtspMetadata.describe(RtspMetadata.rtspUrl(dir), ADMIN);
        assertTrue(sdp.contains("m=application 0 RTP/AVP 107"), sdp);
        assertTrue(sdp.contains("a=rtpmap:107 vnd.onvif.metadata/90000"), sdp);
        assertTrue(sdp.contains("a=control:trackID=1"), sdp);
    }

    @Test
    void metadataDocumentsAreStrictXmlWhoseBoxesAreTheTrackEvents() throws Exception {
        List<org.w3c.dom.Element> roots = RtspMetadata.metadata(dir, RtspMetadata.rtspUrl(dir), 6);
        List<org.w3c.dom.Element> frames = new ArrayList<>();
        int events = 0;
        for (org.w3c.dom.Element root : roots) {
            assertEquals("MetadataStream", root.getLocalName());
            assertEquals(RtspMetadata.TT, root.getNamespaceURI());
            var list = root.getElementsByTagNameNS(RtspMetadata.TT, "Frame");
            for (int i = 0; i < list.getLength(); i++) {
                frames.add((org.w3c.dom.Element) list.item(i));
            }
            events += root.getElementsByTagNameNS(RtspMetadata.TT, "Event").getLength();
        }
        assertTrue(frames.size() >= 20, "a document per analysed frame: " + frames.size());
        assertTrue(events >= 1, "the walker's rule events ride along");
        JsonNode tracks = JSON.readTree(
                        EvexProcess.call(HTTP, base, ADMIN, "GET", "/api/v1/events?type=track&limit=1000", null)
                                .body())
                .path("events");
        int matched = 0;
        for (org.w3c.dom.Element f : frames) {
            long at = java.time.Instant.parse(f.getAttribute("UtcTime")).toEpochMilli();
            var objects = f.getElementsByTagNameNS(RtspMetadata.TT, "Object");
            for (int i = 0; i < objects.getLength(); i++) {
                matched += RtspMetadata.sameBox((org.w3c.dom.Element) objects.item(i), at, tracks);
            }
        }
        assertTrue(matched >= 1, "a track event of a frame in the metadata: " + tracks.size() + " track events");
    }

    @Test
    void metadataIsOnTheVideosClock() throws Exception {
        // FFmpeg maps both tracks to one time line through their sender reports: each document
        // should fall on the time of a video frame.
        String packets = TestVideos.run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-rtsp_transport",
                "tcp",
                "-show_entries",
                "packet=stream_index,pts_time",
                "-of",
                "csv=p=0",
                "-read_intervals",
                "%+3",
                RtspMetadata.rtspUrl(dir)));
        List<Double> video = new ArrayList<>();
        List<Double> metadata = new ArrayList<>();
        for (String line : packets.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length == 2 && !f[1].equals("N/A")) {
                (f[0].equals("0") ? video : metadata).add(Double.parseDouble(f[1]));
            }
        }
        long onAFrame = metadata.stream()
                .filter(m -> video.stream().anyMatch(v -> Math.abs(v - m) < 0.002))
                .count();
        assertTrue(onAFrame >= metadata.size() * 0.8 && onAFrame > 5, onAFrame + " of " + metadata.size());
    }

    private static HttpResponse<String> soap(String operation) throws Exception {
        return post("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>" + operation
                + "</s:Body></s:Envelope>");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/onvif/device_service"))
                        .header("Content-Type", "application/soap+xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The same run as Home Assistant sees it through its MQTT discovery (the {@code mqtt} exporter). */
    @org.junit.jupiter.api.Nested
    class HomeAssistantDiscovery {

        @Test
        void entitiesAreAnnouncedGetStatesAndGoWithTheirZone() throws Exception {
            Map<String, JsonNode> configs = Waits.value("the discovery configs", Duration.ofSeconds(30), () -> {
                Map<String, JsonNode> c = MosquittoSub.configs(broker.port());
                return c.size() >= 6 ? c : null;
            });
            theEntitiesAreAnnounced(configs);
            everyStateTopicGetsItsState(broker.port(), configs);
            try {
                aRemovedZoneTakesItsEntities(base, broker.port());
            } finally {
                // The other tests' walker enters zone "right": it comes back.
                EvexProcess.call(HTTP, base, ADMIN, "PUT", "/api/v1/channels/lobby/rules", SAMPLE_RULES);
            }
        }

        void theEntitiesAreAnnounced(Map<String, JsonNode> configs) {
            Set<String> ids = configs.values().stream()
                    .map(c -> c.path("unique_id").asText())
                    .collect(Collectors.toSet());
            assertEquals(
                    Set.of(
                            "evex_site1_lobby_zone_right_occupied",
                            "evex_site1_lobby_zone_right_count",
                            "evex_site1_lobby_line_middle_crossings",
                            "evex_site1_lobby_line_middle_crossing",
                            "evex_site1_lobby_motion",
                            "evex_site1_lobby_picture"),
                    ids);
            assertTrue(configs.containsKey(
                    "homeassistant/binary_sensor/site1/evex_site1_lobby_zone_right_occupied/config"));
            for (JsonNode c : configs.values()) {
                assertEquals("evex/site1/status", c.path("availability_topic").asText(), c.toString());
                assertEquals("lobby", c.at("/device/name").asText());
                assertTrue(c.hasNonNull("state_topic") || c.hasNonNull("image_topic"), c.toString());
            }
        }

        void everyStateTopicGetsItsState(int port, Map<String, JsonNode> configs) throws Exception {
            // Every state topic gets its state; the walker makes the zone occupied and crosses the line.
            // Listening since the start: the walker made the zone occupied and crossed the line by now.
            Map<String, byte[]> states = Waits.value("a line crossing and a picture", Duration.ofSeconds(20), () -> {
                Map<String, byte[]> m = MosquittoSub.parse(Files.readString(dir.resolve("states.txt")));
                return m.containsKey("evex/site1/lobby/line/middle/event") && m.containsKey("evex/site1/lobby/snapshot")
                        ? m
                        : null;
            });
            assertEquals("online", MosquittoSub.text(states.get("evex/site1/status")));
            for (JsonNode c : configs.values()) {
                String topic = c.hasNonNull("state_topic")
                        ? c.path("state_topic").asText()
                        : c.path("image_topic").asText();
                assertTrue(states.containsKey(topic), topic + " got no state: " + states.keySet());
            }
            assertTrue(Integer.parseInt(MosquittoSub.text(states.get("evex/site1/lobby/line/middle/crossings"))) >= 1);
            assertTrue(Set.of("ON", "OFF")
                    .contains(MosquittoSub.text(states.get("evex/site1/lobby/zone/right/occupied"))));
            JsonNode crossing = JSON.readTree(states.get("evex/site1/lobby/line/middle/event"));
            assertTrue(Set.of("a-b", "b-a").contains(crossing.path("event_type").asText()), crossing.toString());
            byte[] picture = states.get("evex/site1/lobby/snapshot");
            assertEquals((byte) 0xFF, picture[0], "a JPEG");
            assertEquals((byte) 0xD8, picture[1]);
        }

        void aRemovedZoneTakesItsEntities(URI base, int port) throws Exception {
            // The zone goes (the line stays): its entities are removed with empty retained configs.
            var put = EvexProcess.call(
                    HttpClient.newHttpClient(),
                    base,
                    ADMIN,
                    "PUT",
                    "/api/v1/channels/lobby/rules",
                    "{\"zones\": [], \"lines\": [{\"name\": \"middle\", \"points\": [[0.5, 0.9], [0.5, 0.2]]}]}");
            assertEquals(200, put.statusCode(), put.body());
            Map<String, JsonNode> after = Waits.value("the zone's entities to go", Duration.ofSeconds(30), () -> {
                Map<String, JsonNode> c = MosquittoSub.configs(port);
                return c.keySet().stream().noneMatch(t -> t.contains("zone_right")) ? c : null;
            });
            assertTrue(
                    after.keySet().stream().anyMatch(t -> t.contains("line_middle_crossings")),
                    after.keySet().toString());
            assertFalse(
                    MosquittoSub.read(port, "evex/site1/lobby/zone/#", 2).values().stream()
                            .anyMatch(v -> v.length > 0),
                    "no retained state of the zone is left");
        }
    }
}
