package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.video.TestVideos;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading an Evex RTSP stream's ONVIF metadata track as a client does, for {@link OnvifIT}. */
final class RtspMetadata {

    private RtspMetadata() {}

    static final String TT = "http://www.onvif.org/ver10/schema";

    static String rtspUrl(Path dir) throws IOException {
        Matcher printed = Pattern.compile("evex:   lobby: rtsp://127\\.0\\.0\\.1:(\\d+)/lobby")
                .matcher(Files.readString(dir.resolve("evex.out")));
        assertTrue(printed.find());
        return "rtsp://vms:s3cret@127.0.0.1:" + printed.group(1) + "/lobby";
    }

    /** The SDP a DESCRIBE gets, asked with an API token as the password (Basic). */
    static String describe(String rtsp, String token) throws IOException {
        URI u = URI.create(rtsp);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", u.getPort())) {
            socket.setSoTimeout(10_000);
            String auth = java.util.Base64.getEncoder().encodeToString(("any:" + token).getBytes());
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

    /** The metadata track's documents for {@code seconds}, read by FFmpeg as a data stream, each parsed strictly. */
    static List<org.w3c.dom.Element> metadata(Path dir, String rtsp, int seconds) throws Exception {
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
                Integer.toString(seconds),
                "-y",
                raw.toString()));
        javax.xml.parsers.DocumentBuilderFactory strict = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        strict.setNamespaceAware(true);
        List<org.w3c.dom.Element> roots = new ArrayList<>();
        for (String doc : Files.readString(raw).split("(?=<\\?xml )")) {
            if (!doc.isBlank()) {
                roots.add(strict.newDocumentBuilder()
                        .parse(new java.io.ByteArrayInputStream(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .getDocumentElement());
            }
        }
        return roots;
    }

    /** 1 when a track event of the object's frame has its box (ONVIF's y points up, from -1 to 1), else 0. */
    static int sameBox(org.w3c.dom.Element object, long at, JsonNode tracks) {
        org.w3c.dom.Element box = (org.w3c.dom.Element)
                object.getElementsByTagNameNS(TT, "BoundingBox").item(0);
        for (JsonNode t : tracks) {
            if (t.path("system_timestamp").asLong() == at
                    && t.path("tracking_id").asText().equals("t-" + object.getAttribute("ObjectId"))) {
                double left = Double.parseDouble(box.getAttribute("left"));
                double top = Double.parseDouble(box.getAttribute("top"));
                double right = Double.parseDouble(box.getAttribute("right"));
                double bottom = Double.parseDouble(box.getAttribute("bottom"));
                assertEquals(t.at("/box/l").asDouble(), (left + 1) / 2, 0.01, t.toString());
                assertEquals(t.at("/box/t").asDouble(), (1 - top) / 2, 0.01, t.toString());
                assertEquals(t.at("/box/w").asDouble(), (right - left) / 2, 0.01, t.toString());
                assertEquals(t.at("/box/h").asDouble(), (top - bottom) / 2, 0.01, t.toString());
                return 1;
            }
        }
        return 0;
    }
}
