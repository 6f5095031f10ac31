package io.evex.exporters.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.testing.Mosquitto;
import io.evex.runtime.video.TestVideos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MQTT exporter against a real Mosquitto started by each test, read back by a real subscriber. */
class MqttExporterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void eachQosDeliversPayloadsByteEqualToTheJsonExporter(int qos) throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start();
                Subscriber sub = new Subscriber(broker.port(), "evex/#", 2)) {
            try (MqttPipeline p = new MqttPipeline(
                    dir,
                    "mqtt:port=" + broker.port() + ",qos=" + qos,
                    "json:path=events.jsonl,events=event-motion:1")) {
                assertEquals(List.of(), p.refusals());
                for (int i = 0; i < 300; i++) {
                    p.publish(p.motion(i % 2 == 0 ? "lobby" : "dock", i));
                }
                assertTrue(Subscriber.await(() -> sub.received.size() >= 300, 20_000), sub.received.size() + " of 300");
            }
            List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
            assertEquals(300, lines.size());
            assertEquals(300, sub.received.size(), "no duplicates at QoS " + qos);
            for (int i = 0; i < 300; i++) {
                Subscriber.Received r = sub.received.get(i);
                assertArrayEquals(lines.get(i).getBytes(StandardCharsets.UTF_8), r.payload(), "message " + i);
                assertEquals(Math.min(qos, 2), r.qos());
                assertEquals(Map.of("$id", "event-motion", "$version", "1"), r.userProperties());
                String channel = i % 2 == 0 ? "lobby" : "dock";
                assertEquals("evex/" + channel + "/event-motion", r.topic());
            }
        }
    }

    @Test
    void topicsComeFromTemplatesWithPerTypeOverridesAndMqtt311Works() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start();
                Subscriber sub = new Subscriber(broker.port(), "#", 1)) {
            try (MqttPipeline p = new MqttPipeline(
                    dir,
                    "mqtt:port=" + broker.port() + ",protocol=3.1.1,"
                            + "topic=site/{obj.channel}/{obj.$id}/{obj.frame_id},topics=channel-status=status/{obj.channel}")) {
                assertEquals(List.of(), p.refusals());
                p.publish(p.motion("gate", 7));
                ObjectNode status = p.motion("gate", 8);
                status.removeAll();
                status.put("$id", "channel-status")
                        .put("$version", 1)
                        .put("event_id", "s1")
                        .put("channel", "gate")
                        .put("frame_id", 8)
                        .put("frame_time", 0.3)
                        .put("system_timestamp", 1L)
                        .put("system_date", "2026-11-24T00:00:00Z")
                        .put("status", "online");
                p.publish(status);
                assertTrue(Subscriber.await(() -> sub.received.size() >= 2, 10_000));
            }
            assertEquals("site/gate/event-motion/7", sub.received.get(0).topic());
            assertEquals("status/gate", sub.received.get(1).topic());
            assertEquals(Map.of(), sub.received.get(0).userProperties(), "MQTT 3.1.1 has no user properties");
        }
    }

    @Test
    void aStatusTopicSaysOnlineAndOfflineRetainedAndRetainApplies() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start()) {
            try (MqttPipeline p = new MqttPipeline(
                    dir, "mqtt:port=" + broker.port() + ",status_topic=evex/runtime/status,retain=true")) {
                p.publish(p.motion("gate", 1));
                Thread.sleep(300);
                // Subscribed after the fact: only retained messages arrive.
                try (Subscriber late = new Subscriber(broker.port(), "evex/#", 1)) {
                    assertTrue(Subscriber.await(() -> late.received.size() >= 2, 5_000), late.received.toString());
                    Map<String, String> byTopic = new HashMap<>();
                    late.received.forEach(r -> byTopic.put(r.topic(), new String(r.payload(), StandardCharsets.UTF_8)));
                    assertEquals("online", byTopic.get("evex/runtime/status"));
                    assertTrue(byTopic.get("evex/gate/event-motion").contains("\"frame_id\":1"), byTopic.toString());
                }
            }
            try (Subscriber after = new Subscriber(broker.port(), "evex/runtime/status", 1)) {
                assertTrue(Subscriber.await(() -> !after.received.isEmpty(), 5_000));
                assertEquals("offline", new String(after.received.get(0).payload(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theRightPasswordConnectsAndAWrongOneIsAClearRefusal() throws Exception {
        Path passwords = dir.resolve("broker-auth").resolve("passwd");
        Files.createDirectories(passwords.getParent());
        Files.writeString(passwords, "");
        TestVideos.run(List.of("mosquitto_passwd", "-b", passwords.toString(), "camera", "s3cret"));
        passwords.toFile().setReadable(true, false);
        try (Mosquitto broker =
                new Mosquitto(dir.resolve("broker-auth"), List.of("password_file " + passwords)).start()) {
            try (MqttPipeline good = new MqttPipeline(
                    dir, "mqtt:name=good,port=" + broker.port() + ",username=camera,password=s3cret")) {
                assertEquals(List.of(), good.refusals());
                assertEquals(
                        "connected", good.evex().bus().stats().get(0).details().get("state"));
            }
            try (MqttPipeline bad =
                    new MqttPipeline(dir, "mqtt:name=bad,port=" + broker.port() + ",username=camera,password=wrong")) {
                assertEquals(1, bad.refusals().size());
                String why = bad.refusals().get(0);
                assertTrue(
                        why.contains("exporter 'bad' refused")
                                && why.contains("bad user name or password, or not authorised")
                                && why.contains("localhost:" + broker.port()),
                        why);
                assertTrue(!why.contains("wrong"), "the password must not be shown: " + why);
            }
        }
    }

    /** A test CA, a server certificate it signs (for 127.0.0.1), and a self-signed one of someone else. */
    private static Path certificates(Path pki) throws Exception {
        openssl(
                pki,
                words(
                        "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj",
                        "/CN=Evex Test CA"));
        openssl(pki, words("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj", "/CN=localhost"));
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(
                pki,
                words(
                        "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile san.ext"));
        openssl(
                pki,
                words(
                        "req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -days 2 -subj",
                        "/CN=Someone Else"));
        return pki;
    }

    @Test
    void tlsWithCertificatesMadeByTheTest() throws Exception {
        Path pki = certificates(Files.createDirectories(dir.resolve("pki")));
        for (String f : List.of("ca.crt", "server.crt", "server.key")) {
            pki.resolve(f).toFile().setReadable(true, false);
        }
        pki.toFile().setExecutable(true, false);
        try (Mosquitto broker = new Mosquitto(
                        dir.resolve("broker-tls"),
                        List.of(
                                "cafile " + pki.resolve("ca.crt"),
                                "certfile " + pki.resolve("server.crt"),
                                "keyfile " + pki.resolve("server.key")))
                .start()) {
            try (MqttPipeline p = new MqttPipeline(
                    dir,
                    "mqtt:name=secure,servers=127.0.0.1:" + broker.port() + ",tls.enabled=true,tls.ca_file="
                            + pki.resolve("ca.crt"))) {
                assertEquals(List.of(), p.refusals());
                assertEquals(
                        "connected", p.evex().bus().stats().get(0).details().get("state"));
            }
            // written the former way (flat TLS keys): read the same, refused for the same reason
            try (MqttPipeline p = new MqttPipeline(
                    dir,
                    "mqtt:name=distrust,port=" + broker.port() + ",tls=true,ca_file=" + pki.resolve("other.crt"))) {
                assertEquals(1, p.refusals().size());
                assertTrue(
                        p.refusals().get(0).contains("TLS failed"), p.refusals().get(0));
            }
        }
    }

    /** {@code line} split at spaces, then {@code more} as they are (a subject with spaces). */
    private static String[] words(String line, String... more) {
        List<String> all = new ArrayList<>(List.of(line.split(" ")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process proc = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
    }

    @Test
    void aBrokerDownForTenSecondsMidStreamLosesNothingAndKeepsOrderPerChannel() throws Exception {
        int total = 10_000;
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of()).start();
                Subscriber sub = new Subscriber(broker.port(), "evex/#", 1)) {
            try (MqttPipeline p = new MqttPipeline(
                    dir, "mqtt:port=" + broker.port() + ",qos=1,reconnect_max_ms=1000,queue.size=500")) {
                long start = System.nanoTime();
                boolean stopped = false;
                boolean restarted = false;
                for (int i = 0; i < total; i++) {
                    p.publish(p.motion("cam" + (i % 4), i));
                    // 500 events/s: 20 s of stream; the broker is down from 5 s to 15 s.
                    long due = start + i * 2_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    double t = (System.nanoTime() - start) / 1e9;
                    if (!stopped && t >= 5) {
                        broker.stop(false);
                        stopped = true;
                    }
                    if (stopped && !restarted && t >= 15) {
                        broker.start();
                        restarted = true;
                    }
                }
                Map<String, Object> details = p.evex().bus().stats().get(0).details();
                assertTrue(((Number) details.get("spooled")).longValue() > 0, "the outage outgrew memory: " + details);
                assertTrue(
                        Subscriber.await(() -> distinctIds(sub).size() >= total, 60_000),
                        distinctIds(sub).size() + " of " + total + "; "
                                + p.evex().bus().stats() + "\n" + broker.log());
            }
            assertEquals(total, distinctIds(sub).size());
            // Per channel, first arrivals come in publication order (re-sent duplicates may follow, at least once).
            Map<String, Long> last = new HashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Subscriber.Received r : sub.received) {
                var e = MAPPER.readTree(r.payload());
                if (!seen.add(e.get("event_id").asText())) {
                    continue;
                }
                long n = e.get("frame_id").asLong();
                Long before = last.put(e.get("channel").asText(), n);
                assertTrue(before == null || before < n, "channel " + e.get("channel") + ": " + n + " after " + before);
            }
        }
    }

    @Test
    void aCleanStopWhileTheBrokerIsDownKeepsEverythingForTheNextStart() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), List.of())) {
            String export = "mqtt:port=" + broker.port() + ",qos=1,queue.size=50,reconnect_max_ms=200";
            List<String> sent = new ArrayList<>();
            try (MqttPipeline p = new MqttPipeline(dir, export)) {
                for (int i = 0; i < 300; i++) {
                    ObjectNode e = p.motion("cam" + (i % 3), i);
                    sent.add(e.get("event_id").asText());
                    p.publish(e);
                }
            }
            broker.start();
            try (Subscriber sub = new Subscriber(broker.port(), "evex/#", 1);
                    MqttPipeline again = new MqttPipeline(dir, export)) {
                assertTrue(Subscriber.await(() -> sub.received.size() >= 300, 20_000), sub.received.size() + " of 300");
                List<String> ids = new ArrayList<>();
                for (Subscriber.Received r : sub.received) {
                    ids.add(MAPPER.readTree(r.payload()).get("event_id").asText());
                }
                assertEquals(sent, ids, "every event, once, in publication order");
            }
        }
    }

    private static Set<String> distinctIds(Subscriber sub) {
        Set<String> ids = new java.util.HashSet<>();
        for (Subscriber.Received r : sub.received) {
            String s = new String(r.payload(), StandardCharsets.UTF_8);
            int at = s.indexOf("\"event_id\":\"") + 12;
            ids.add(s.substring(at, s.indexOf('"', at)));
        }
        return ids;
    }
}
