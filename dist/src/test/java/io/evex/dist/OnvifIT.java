package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.TestVideos;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evex as an ONVIF device, driven by a client its authors did not write (the npm "onvif" package,
 * which .ci/run installs into ~/.cache/evex/onvif-client): the sample channel's profile, its RTSP
 * URL played by ffprobe, wrong passwords refused, rule events through a pull point.
 */
class OnvifIT {

    private static final String ADMIN = "onvif-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static Process evex;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        OnvifClient.assumeInstalled();
        evex = EvexProcess.start(
                dir,
                Map.of("EVEX_ADMIN_TOKEN", ADMIN),
                "run",
                "--onvif",
                "--http-port",
                "0",
                "--export",
                "rtsp:bind=127.0.0.1,port=0,users=vms:s3cret");
        base = EvexProcess.httpBase(dir, evex);
    }

    @AfterAll
    static void stop() throws Exception {
        if (evex != null) {
            evex.destroy();
            assertTrue(evex.waitFor(20, TimeUnit.SECONDS));
            assertEquals(143, evex.exitValue(), "stopped by SIGTERM (its shutdown hook ran), not killed");
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
        List<JsonNode> lines = OnvifClient.run(base, "vms", "s3cret", "events", "12");
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
    void theStreamCarriesOnvifMetadataWhoseBoxesAreTheTrackEventsOnTheVideosClock() throws Exception {
        String rtsp = rtspUrl();
        String sdp = describe(rtsp);
        assertTrue(sdp.contains("m=application 0 RTP/AVP 107"), sdp);
        assertTrue(sdp.contains("a=rtpmap:107 vnd.onvif.metadata/90000"), sdp);
        // FFmpeg reads the track as it comes (a data stream): documents back to back.
        Path raw = dir.resolve("metadata.xml");
        TestVideos.run(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-rtsp_transport",
                "tcp",
                "-i",
                rtsp,
                "-map",
                "0:1",
                "-c",
                "copy",
                "-f",
                "data",
                "-t",
                "6",
                "-y",
                raw.toString()));
        List<org.w3c.dom.Element> frames = new ArrayList<>();
        int events = 0;
        javax.xml.parsers.DocumentBuilderFactory strict = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        strict.setNamespaceAware(true);
        for (String doc : Files.readString(raw).split("(?=<\\?xml )")) {
            if (doc.isBlank()) {
                continue;
            }
            org.w3c.dom.Element root = strict.newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .getDocumentElement();
            assertEquals("MetadataStream", root.getLocalName());
            assertEquals("http://www.onvif.org/ver10/schema", root.getNamespaceURI());
            var list = root.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "Frame");
            for (int i = 0; i < list.getLength(); i++) {
                frames.add((org.w3c.dom.Element) list.item(i));
            }
            events += root.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "Event")
                    .getLength();
        }
        assertTrue(frames.size() >= 20, "a document per analysed frame: " + frames.size());
        assertTrue(events >= 1, "the walker's rule events ride along");
        // Each object's box is its track event's, for the same frame (ONVIF's y points up, -1..1).
        JsonNode tracks = JSON.readTree(
                        EvexProcess.call(HTTP, base, ADMIN, "GET", "/api/v1/events?type=track&limit=1000", null)
                                .body())
                .path("events");
        int matched = 0;
        for (org.w3c.dom.Element f : frames) {
            long at = java.time.Instant.parse(f.getAttribute("UtcTime")).toEpochMilli();
            var objects = f.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "Object");
            for (int i = 0; i < objects.getLength(); i++) {
                org.w3c.dom.Element o = (org.w3c.dom.Element) objects.item(i);
                org.w3c.dom.Element box = (org.w3c.dom.Element)
                        o.getElementsByTagNameNS("http://www.onvif.org/ver10/schema", "BoundingBox")
                                .item(0);
                for (JsonNode t : tracks) {
                    if (t.path("system_timestamp").asLong() == at
                            && t.path("tracking_id").asText().equals("t-" + o.getAttribute("ObjectId"))) {
                        double left = Double.parseDouble(box.getAttribute("left"));
                        double top = Double.parseDouble(box.getAttribute("top"));
                        double right = Double.parseDouble(box.getAttribute("right"));
                        double bottom = Double.parseDouble(box.getAttribute("bottom"));
                        assertEquals(t.at("/box/l").asDouble(), (left + 1) / 2, 0.01, t.toString());
                        assertEquals(t.at("/box/t").asDouble(), (1 - top) / 2, 0.01, t.toString());
                        assertEquals(t.at("/box/w").asDouble(), (right - left) / 2, 0.01, t.toString());
                        assertEquals(t.at("/box/h").asDouble(), (top - bottom) / 2, 0.01, t.toString());
                        matched++;
                    }
                }
            }
        }
        assertTrue(matched >= 1, "a track event of a frame in the metadata: " + tracks.size() + " track events");
        // One clock: FFmpeg, which maps both tracks through their sender reports, puts each
        // document on the time of a video frame.
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
                rtsp));
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

    private static String rtspUrl() throws IOException {
        Matcher printed = Pattern.compile("evex:   lobby: rtsp://127\\.0\\.0\\.1:(\\d+)/lobby")
                .matcher(Files.readString(dir.resolve("evex.out")));
        assertTrue(printed.find());
        return "rtsp://vms:s3cret@127.0.0.1:" + printed.group(1) + "/lobby";
    }

    /** The SDP a DESCRIBE gets, asked with an API token as the password (Basic). */
    private static String describe(String rtsp) throws IOException {
        URI u = URI.create(rtsp);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", u.getPort())) {
            socket.setSoTimeout(10_000);
            String auth = java.util.Base64.getEncoder().encodeToString(("any:" + ADMIN).getBytes());
            socket.getOutputStream()
                    .write(("DESCRIBE rtsp://127.0.0.1:" + u.getPort()
                                    + "/lobby RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n"
                                    + "Authorization: Basic " + auth + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().contains("a=control:trackID=1") && answer.length() < 8192) {
                int n = socket.getInputStream().read(buffer);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
            }
            return answer.toString();
        }
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
}
