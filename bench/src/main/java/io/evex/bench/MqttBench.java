package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.Exporter;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.exporters.mqtt.MqttExporterFactory;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.exporter.RuntimeExporterContext;
import io.evex.schemas.convert.Converters;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The MQTT benchmark of issues 5 and 31: events/s of ~500-byte events to a local Mosquitto (started
 * here, on a free port) at QoS 0 and 1 through the runtime and the MQTT exporter, next to, in the
 * same run: a bare Paho async loop with up to 1,000 messages in flight publishing ready payloads;
 * (a) a hand-written exporter's loop (Jackson once per event, the same properties and topics);
 * (b) {@code mosquitto_pub -l} fed the JSON exporter's lines. Every run ends when a subscriber has
 * every event, and its CPU per event is summed over every thread and the broker (the subscriber's
 * own threads left out). Then the spool's write and replay rates.
 */
final class MqttBench {

    private final BenchEvents events;
    private final long count;
    private final int runs;
    private final Path dir;
    private byte[][] payloads;
    private int port;
    private long brokerPid;
    private final Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();
    /** Per QoS, the events mosquitto_pub lost in its last run (it exits before its queue is sent). */
    private final Map<Integer, Long> cliLost = new LinkedHashMap<>();

    MqttBench(BenchEvents events, long count, int runs, Path dir) {
        this.events = events;
        this.count = count;
        this.runs = runs;
        this.dir = dir;
    }

    void all() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        payloads = new byte[4096][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = mapper.writeValueAsBytes(events.get(i));
        }
        Process broker = startBroker();
        brokerPid = broker.pid();
        try {
            System.out.printf(
                    "Evex MQTT benchmark: %,d events of ~%d bytes per run, median of %d runs, local mosquitto on port %d%n%n",
                    count, events.averageBytes(), runs, port);
            Path lines = jsonLines();
            for (int qos : new int[] {0, 1}) {
                double bare = median(() -> bare(qos, false));
                double same = median(() -> bare(qos, true));
                double written = median(() -> handWritten(qos));
                double cli = median(() -> mosquittoPub(qos, lines));
                double evex = median(() -> evex(qos));
                report(qos, bare, same, written, cli, evex);
            }
            System.out.println("CPU per event by thread, last run of each (µs):");
            profiles.forEach((run, groups) -> {
                StringBuilder line = new StringBuilder("  ").append(run).append(':');
                groups.forEach((thread, us) -> line.append(String.format(" %s %.1f;", thread, us)));
                System.out.println(line);
            });
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
        double serialise = median(() -> {
            com.fasterxml.jackson.databind.ObjectWriter w = mapper.writer();
            long t0 = System.nanoTime();
            long bytes = 0;
            for (long i = 0; i < count; i++) {
                bytes += w.writeValueAsBytes(events.get(i)).length;
            }
            return bytes > 0 ? count / ((System.nanoTime() - t0) / 1e9) : 0;
        });
        System.out.printf(
                "(for scale: serialising the events, which the bare loop never does, runs at %,.0f events/s on one core)%n",
                serialise);
        new SpoolBench(payloads, count, runs, dir).run();
    }

    /** One QoS's figures, each with its ratio. */
    private void report(int qos, double bare, double same, double written, double cli, double evex) {
        System.out.printf(
                "QoS %d: bare Paho async (1000 in flight) %,10.0f events/s | Evex MQTT exporter %,10.0f events/s | ratio %.2f%n",
                qos, bare, evex, evex / bare);
        System.out.printf(
                "       bare, same MQTT 5 properties as Evex %,8.0f events/s |                                     ratio %.2f%n",
                same, evex / same);
        System.out.printf(
                "       (a) hand-written: Jackson + Paho     %,8.0f events/s, %.1f µs CPU/event | Evex %.1f µs/event"
                        + " | ratio %.2f events/s, %.2f CPU%n",
                written,
                cpuOf("hand-written QoS " + qos),
                cpuOf("Evex QoS " + qos),
                evex / written,
                cpuOf("Evex QoS " + qos) / cpuOf("hand-written QoS " + qos));
        System.out.printf(
                "       (b) mosquitto_pub -l < JSON lines    %,8.0f events/s, %.1f µs CPU/event |                 ratio %.2f events/s%s%n",
                cli,
                cpuOf("mosquitto_pub QoS " + qos),
                evex / cli,
                cliLost.containsKey(qos)
                        ? String.format(" (but it LOST %,d of %,d events: not a baseline)", cliLost.get(qos), count)
                        : "");
    }

    private interface Run {
        double rate() throws Exception;
    }

    private double median(Run run) throws Exception {
        run.rate();
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = run.rate();
        }
        Arrays.sort(rates);
        return rates[runs / 2];
    }

    private Process startBroker() throws Exception {
        Path bdir = Files.createDirectories(dir.resolve("mosquitto"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = bdir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + "max_inflight_messages 1000\nmax_queued_messages 1000000\n");
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(bdir.resolve("out.txt").toFile())
                .start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not start (apt-get install mosquitto)");
    }

    /** Gives a place of the in-flight window back when the client is done with a publish, however it ended. */
    private static MqttActionListener releasing(Semaphore window) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                window.release();
            }
        };
    }

    /** Paho v5 async, the same payloads and topics, at most 1,000 unacknowledged publishes. */
    private double bare(int qos, boolean properties) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-bare", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        client.connect(o).waitForCompletion(5000);
        Semaphore window = new Semaphore(1000);
        MqttActionListener release = releasing(window);
        CountingSubscriber sub = CountingSubscriber.start(port, qos, count, dir);
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            window.acquire();
            if (properties) {
                // what the exporter sends besides the payload: the event's type and version, and the content type
                MqttMessage m = new MqttMessage(payloads[(int) (i % payloads.length)]);
                m.setQos(qos);
                MqttProperties p = new MqttProperties();
                p.setUserProperties(List.of(new UserProperty("$id", "track"), new UserProperty("$version", "2")));
                p.setContentType("application/json");
                m.setProperties(p);
                client.publish("evex/camera-" + (i % 8) + "/track", m, null, release);
            } else {
                client.publish(
                        "evex/camera-" + (i % 8) + "/track",
                        payloads[(int) (i % payloads.length)],
                        qos,
                        false,
                        null,
                        release);
            }
        }
        window.acquire(1000);
        long t1 = sub.delivered(120);
        profiles.put("bare" + (properties ? " + properties" : "") + " QoS " + qos, cpu.perEvent(count));
        client.disconnect().waitForCompletion(5000);
        client.close();
        return count / ((t1 - t0) / 1e9);
    }

    /** CPU per event of a run, summed over every thread of this JVM and the broker (and a CLI's process). */
    private double cpuOf(String run) {
        return profiles.getOrDefault(run, Map.of()).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /**
     * Baseline (a): what a hand-written exporter must do for each event: render its topic, write it
     * once with Jackson (the bytes Evex sends), give it the same MQTT 5 properties, publish with
     * the same client, 1,000 in flight.
     */
    private double handWritten(int qos) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        MqttAsyncClient client =
                new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-written", new MemoryPersistence());
        client.connect(new MqttConnectionOptions()).waitForCompletion(5000);
        Semaphore window = new Semaphore(1000);
        MqttActionListener release = releasing(window);
        List<UserProperty> user = List.of(new UserProperty("$id", "track"), new UserProperty("$version", "2"));
        CountingSubscriber sub = CountingSubscriber.start(port, qos, count, dir);
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode event = events.get(i);
            window.acquire();
            MqttMessage m = new MqttMessage(mapper.writeValueAsBytes(event));
            m.setQos(qos);
            MqttProperties p = new MqttProperties();
            p.setUserProperties(user);
            p.setContentType("application/json");
            m.setProperties(p);
            client.publish(
                    "evex/" + event.path("channel").asText() + "/"
                            + event.path("$id").asText(),
                    m,
                    null,
                    release);
        }
        window.acquire(1000);
        long t1 = sub.delivered(120);
        profiles.put("hand-written QoS " + qos, cpu.perEvent(count));
        client.disconnect().waitForCompletion(5000);
        client.close();
        return count / ((t1 - t0) / 1e9);
    }

    /** The JSON exporter's lines for the events, in a file to pipe into the C clients. */
    private Path jsonLines() throws Exception {
        Path file = dir.resolve("mqtt-bench-events.jsonl");
        ObjectMapper mapper = new ObjectMapper();
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long i = 0; i < count; i++) {
                out.write(mapper.writeValueAsBytes(events.get(i)));
                out.write('\n');
            }
        }
        return file;
    }

    /** Baseline (b): Mosquitto's own C client publishing a line per message, as a shell pipeline would. */
    private double mosquittoPub(int qos, Path lines) throws Exception {
        CountingSubscriber sub = CountingSubscriber.start(port, qos, count, dir);
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        Process pub = new ProcessBuilder(
                        "mosquitto_pub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-q",
                        Integer.toString(qos),
                        "-t",
                        "evex/camera/track",
                        "-l",
                        "-V",
                        "5")
                .redirectInput(lines.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long pid = pub.pid();
        long ticks = 0;
        while (pub.isAlive()) {
            ticks = Math.max(ticks, ThreadCpu.processTicks(pid)); // its last reading before it ends
            Thread.sleep(5);
        }
        long t1;
        try {
            t1 = sub.delivered(10); // mosquitto_pub has ended: what it sent arrives within moments
        } catch (CountingSubscriber.Lost lost) {
            cliLost.put(qos, count - lost.delivered);
            t1 = System.nanoTime() - 10_000_000_000L;
        }
        if (pub.exitValue() != 0) {
            throw new IllegalStateException("mosquitto_pub ended with " + pub.exitValue());
        }
        Map<String, Double> groups = new LinkedHashMap<>(cpu.perEvent(count));
        groups.keySet().removeIf(k -> !k.equals("(broker process)")); // this JVM only waited
        groups.put("(mosquitto_pub)", ticks * 1e6 / 100 / count);
        profiles.put("mosquitto_pub QoS " + qos, groups);
        return count / ((t1 - t0) / 1e9);
    }

    /** The runtime: bus → worker → MQTT exporter, until the broker confirmed (QoS 1) or took (QoS 0) every event. */
    private double evex(int qos) throws Exception {
        MqttExporterFactory factory = new MqttExporterFactory();
        Exporter exporter = factory.create();
        RuntimeExporterContext ctx = new RuntimeExporterContext(
                "mqtt",
                factory.settings()
                        .resolve(Map.of(
                                "port",
                                port,
                                "qos",
                                qos,
                                "topic",
                                "evex/{obj.channel}/{obj.$id}",
                                "client_id",
                                "bench-evex")),
                Map.of("track", 2),
                dir,
                Clock.systemUTC());
        exporter.start(ctx);
        ExporterWorker worker = ExporterWorker.builder("mqtt", exporter)
                .kind("bench")
                .negotiated(Map.of("track", 2))
                .queue(new QueueSettings(10_000, OverflowPolicy.BLOCK))
                .counters(ctx::counterValues)
                .build();
        EventBus bus = new EventBus(List.of(worker), Converters.builtIn(), false);
        worker.start();
        CountingSubscriber sub = CountingSubscriber.start(port, qos, count, dir);
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            bus.publish(events.get(i), "track", 2);
        }
        while (ctx.counterValues().getOrDefault("published", 0L) < count) {
            Thread.sleep(1);
        }
        long t1 = sub.delivered(120);
        profiles.put("Evex QoS " + qos, cpu.perEvent(count));
        bus.close(30_000);
        return count / ((t1 - t0) / 1e9);
    }
}
